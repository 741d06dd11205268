/**
 * A week's report figures (but changes) kept per customer bucket (`customerBucket.ts`) before they are added up, so
 * that when spans arrive only the buckets they changed are computed again. Customers' steps, violations and loops
 * depend on the customer's own spans (and on spans without a customer, and on link-holding spans in its traces: the
 * caller recomputes everything, or those customers' buckets too); the activity of spans is counted over the whole
 * range each time.
 */
import { CUSTOMER_BUCKETS, customerBucket } from './customerBucket.js';
import { tallyViolationKeys, type ViolationKey, type WeekActivity, type WeekFigures } from './buildWeeklyReport.js';
import { mergeCustomerLoops, type CustomerFeedbackLoop, type FeedbackLoopOptions } from './findFeedbackLoops.js';
import { increment } from './weekOverWeek.js';

/** The figures of one bucket's customers. */
export interface BucketFigures {
  /** Action steps per agent. */
  steps: Map<string, number>;
  violations: ViolationKey[];
  loops: CustomerFeedbackLoop[];
}

/** A week's figures but changes, customers' parts per bucket. */
export interface BucketedWeekFigures {
  /** Every span's activity, but customers' steps (in the buckets). */
  activity: WeekActivity;
  /** Buckets with figures (others have none). */
  buckets: Map<number, BucketFigures>;
}

/** The figures of `customerId`'s bucket (of `CUSTOMER_BUCKETS`) in `buckets`, created empty when missing. */
export function bucketOf(buckets: Map<number, BucketFigures>, customerId: string): BucketFigures {
  const b = customerBucket(customerId, CUSTOMER_BUCKETS);
  let figures = buckets.get(b);
  if (!figures) buckets.set(b, (figures = { steps: new Map(), violations: [], loops: [] }));
  return figures;
}

/** The customers with violations or loops in the given buckets. */
export function customersWithFigures(buckets: Map<number, BucketFigures>, which: Iterable<number>): string[] {
  const customers: string[] = [];
  for (const b of which) {
    const figures = buckets.get(b);
    if (figures) customers.push(...figures.violations.map((v) => v.customerId), ...figures.loops.map((l) => l.customerId));
  }
  return customers;
}

/**
 * `base` with the buckets `replaced` taken from `update` (computed for every customer of those buckets, and for the
 * customers who had figures there) and `update`'s activity (counted over the whole range).
 */
export function replaceBuckets(base: BucketedWeekFigures, update: BucketedWeekFigures, replaced: Iterable<number>): BucketedWeekFigures {
  const buckets = new Map(base.buckets);
  for (const b of replaced) {
    const figures = update.buckets.get(b);
    if (figures) buckets.set(b, figures);
    else buckets.delete(b);
  }
  return { activity: update.activity, buckets };
}

/** The week's figures: the buckets added up (loops merged across customers as one scan of all spans merges them). */
export function addUpBuckets(figures: BucketedWeekFigures, loopOptions?: FeedbackLoopOptions): Omit<WeekFigures, 'changes'> {
  const activity: WeekActivity = { ...figures.activity, actions: new Map(figures.activity.actions) };
  const violations: ViolationKey[] = [];
  const loops: CustomerFeedbackLoop[] = [];
  for (const bucket of figures.buckets.values()) {
    for (const [agent, n] of bucket.steps) increment(activity.actions, agent, n);
    violations.push(...bucket.violations);
    loops.push(...bucket.loops);
  }
  return { conflicts: tallyViolationKeys(violations), loops: mergeCustomerLoops(loops, loopOptions), activity };
}
