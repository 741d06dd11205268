/** Tick values for log axes of durations: human steps (minutes, hours, days, weeks, months) instead of powers of ten. */
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const LADDER = [1000, 10_000, MIN, 10 * MIN, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 3 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY, 180 * DAY, 365 * DAY];

/** The ladder's steps inside [lo, hi], thinned to at most `max` ticks. */
export function durationTicks(lo: number, hi: number, max = 8): number[] {
  const inside = LADDER.filter((t) => t >= lo && t <= hi);
  const step = Math.ceil(inside.length / max);
  return inside.filter((_, i) => i % step === 0);
}
