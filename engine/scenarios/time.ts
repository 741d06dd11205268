/** Milliseconds in common units, for readable scenario timelines. */
export const MINUTE = 60_000;
/** One hour, ms. */
export const HOUR = 60 * MINUTE;
/** One day, ms. */
export const DAY = 24 * HOUR;
