import type { Random } from '../random.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Options of {@link CommandCalendar}. */
export interface CommandCalendarOptions {
  /** UTC weekdays with a deployment window (0 = Sunday); default Tuesday and Thursday. */
  deploymentDays?: readonly number[];
  /** UTC hour the deployment window opens (default 22). */
  deploymentHour?: number;
}

/**
 * The command calendar: business days for approvals and QA, fixed deployment windows. Pure date arithmetic in UTC,
 * so a run does not depend on the machine's time zone.
 */
export class CommandCalendar {
  private readonly deploymentDays: readonly number[];
  private readonly deploymentHour: number;

  /** A calendar with the given deployment windows. */
  constructor(options: CommandCalendarOptions = {}) {
    this.deploymentDays = options.deploymentDays ?? [2, 4];
    this.deploymentHour = options.deploymentHour ?? 22;
  }

  /** A random time during business hours (09:00–17:00 UTC) `days` business days after `from`. */
  afterBusinessDays(from: number, days: number, random: Random): number {
    let day = startOfDay(from);
    for (let left = days; left > 0; ) {
      day += DAY;
      if (isBusinessDay(day)) left--;
    }
    while (!isBusinessDay(day)) day += DAY;
    return Math.max(from, day + 9 * HOUR + random.next() * 8 * HOUR);
  }

  /** The first deployment window opening after `from`. */
  nextDeploymentWindow(from: number): number {
    for (let day = startOfDay(from); ; day += DAY) {
      const opens = day + this.deploymentHour * HOUR;
      if (opens > from && this.deploymentDays.includes(new Date(day).getUTCDay())) return opens;
    }
  }
}

function startOfDay(t: number): number {
  return t - (((t % DAY) + DAY) % DAY);
}

function isBusinessDay(dayStart: number): boolean {
  const weekday = new Date(dayStart).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}
