/**
 * The running week's state as a store keeps it (`flexix_running_week`, migration 017), under the week figures'
 * context key (`weekFiguresContextKey`): the fingerprints its figures were computed from, the week's spans without a
 * customer and the figures per customer bucket, as JSON with maps as entry lists. About 2.5 MB for a week of 9
 * million spans and 50,000 customers.
 */
import { createBusinessSpan, type BusinessSpan } from '../analysis/BusinessSpan.js';
import type { BucketedWeekFigures } from '../analysis/bucketFigures.js';
import { CUSTOMER_BUCKETS } from '../analysis/customerBucket.js';
import { decodeWithMaps, encodeWithMaps } from './weekFiguresRecord.js';

/** Raised with every change to the state's shape or to how it is computed, so states of other versions are not read. */
const RUNNING_WEEK_FORMAT = 1;

/** What is kept of the running week: see `RunningWeekFigures`. */
export interface RunningWeekRecord {
  /** Fingerprints of the look-back before the week, of the week's spans without a customer, and per bucket. */
  before: string;
  global: string;
  prints: string[];
  /** The week's spans without a customer. */
  globals: BusinessSpan[];
  bucketed: BucketedWeekFigures;
}

/** The record as JSON, with its format. */
export function encodeRunningWeek(record: RunningWeekRecord): string {
  const { before, global, prints, globals, bucketed } = record;
  return encodeWithMaps({ format: RUNNING_WEEK_FORMAT, before, global, prints, globals, bucketed });
}

/**
 * The record of {@link encodeRunningWeek}'s JSON, or `undefined` when it is not one of this format (another version
 * wrote it, or it is damaged): the week is then computed whole, as if nothing were kept.
 */
export function decodeRunningWeek(json: string): RunningWeekRecord | undefined {
  let value: unknown;
  try {
    value = decodeWithMaps(json);
  } catch {
    return undefined;
  }
  const r = value as Partial<RunningWeekRecord> & { format?: unknown };
  if (
    r === null ||
    typeof r !== 'object' ||
    r.format !== RUNNING_WEEK_FORMAT ||
    typeof r.before !== 'string' ||
    typeof r.global !== 'string' ||
    !Array.isArray(r.prints) ||
    r.prints.length !== CUSTOMER_BUCKETS ||
    !Array.isArray(r.globals) ||
    !(r.bucketed?.buckets instanceof Map)
  ) {
    return undefined;
  }
  // Spans of one shape, as the store reads them (see `createBusinessSpan`).
  return { before: r.before, global: r.global, prints: r.prints, globals: r.globals.map(createBusinessSpan), bucketed: r.bucketed };
}
