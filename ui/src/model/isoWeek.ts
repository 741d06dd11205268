/** ISO 8601 weeks (`2026-W48`, UTC) for the week picker: which week a time falls in, and stepping between weeks. */

const DAY = 86_400_000;
const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

/** The ISO week of an epoch-ms time. */
export function isoWeekOf(ms: number): string {
  const d = new Date(ms);
  // The ISO year of a week is the year of its Thursday.
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + (3 - day) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday 00:00 UTC of an ISO week; `undefined` for a malformed week. */
export function isoWeekStart(week: string): number | undefined {
  const m = WEEK_PATTERN.exec(week);
  if (!m) return undefined;
  const year = Number(m[1]);
  const w = Number(m[2]);
  const jan4 = Date.UTC(year, 0, 4);
  const mondayOfWeek1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
  const start = mondayOfWeek1 + (w - 1) * 7 * DAY;
  return w >= 1 && isoWeekOf(start) === week ? start : undefined;
}

/** The week `n` weeks after `week` (negative: before). */
export function shiftIsoWeek(week: string, n: number): string | undefined {
  const start = isoWeekStart(week);
  return start === undefined ? undefined : isoWeekOf(start + n * 7 * DAY);
}
