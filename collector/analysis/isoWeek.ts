/**
 * ISO 8601 week dates (`2026-W48`), in UTC: weeks start on Monday, week 1 is the week holding January 4th, and a year
 * has 53 weeks when it starts on a Thursday (or on a Wednesday in a leap year).
 */

import { STORABLE_TIMES_MS } from '../../schemas/span.js';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;
/** The ISO years whose weeks (and the week before each) lie within the times the store holds. */
export const WEEK_YEARS = {
  min: new Date(STORABLE_TIMES_MS.min).getUTCFullYear() + 1,
  max: new Date(STORABLE_TIMES_MS.max).getUTCFullYear() - 1,
} as const;

/** A bad `week` value; `parameter` names what was wrong so the HTTP layer can answer 400 with it. */
export class InvalidWeekError extends Error {
  readonly parameter = 'week';
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWeekError';
  }
}

/** One ISO week as a half-open epoch-millisecond range [fromMs, toMs). */
export interface WeekRange {
  week: string;
  fromMs: number;
  toMs: number;
}

/** An ISO week and the one before it. */
export interface WeekRangeWithPrevious extends WeekRange {
  previous: WeekRange;
}

/** Monday 00:00 UTC of ISO week 1 of `year`. */
function week1Monday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const isoDay = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  return jan4 - isoDay * DAY_MS;
}

/** Number of ISO weeks (52 or 53) in `year`. */
export function isoWeeksInYear(year: number): number {
  return Math.round((week1Monday(year + 1) - week1Monday(year)) / WEEK_MS);
}

/** The ISO week (`YYYY-Www`) holding an instant. */
export function isoWeekOf(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  let weekYear = year;
  if (ms < week1Monday(year)) weekYear = year - 1;
  else if (ms >= week1Monday(year + 1)) weekYear = year + 1;
  const week = Math.floor((ms - week1Monday(weekYear)) / WEEK_MS) + 1;
  return `${String(weekYear).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/**
 * Parses `YYYY-Www` into its [Monday 00:00 UTC, next Monday) range and the previous week's range (crossing years
 * correctly: the week before 2026-W01 is 2025-W52, the week before 2021-W01 is 2020-W53).
 * @throws InvalidWeekError naming the problem (format, a year outside {@link WEEK_YEARS}, week 00, week 53 in a 52-week
 *   year).
 */
export function isoWeekRange(week: string): WeekRangeWithPrevious {
  const m = WEEK_PATTERN.exec(week);
  if (!m) throw new InvalidWeekError(`week must look like 2026-W48 (ISO year, "-W", two-digit week), got "${week}"`);
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (year < WEEK_YEARS.min || year > WEEK_YEARS.max) {
    throw new InvalidWeekError(`year ${year} is outside the years whose weeks the store can hold (${WEEK_YEARS.min} to ${WEEK_YEARS.max})`);
  }
  const weeks = isoWeeksInYear(year);
  if (n < 1 || n > weeks) throw new InvalidWeekError(`week ${n} does not exist in ${year} (it has weeks 01 to ${weeks})`);
  const fromMs = week1Monday(year) + (n - 1) * WEEK_MS;
  const prevFrom = fromMs - WEEK_MS;
  return {
    week,
    fromMs,
    toMs: fromMs + WEEK_MS,
    previous: { week: isoWeekOf(prevFrom), fromMs: prevFrom, toMs: fromMs },
  };
}
