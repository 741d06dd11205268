/**
 * The loop scan's first stage, in ClickHouse: the customers whose action steps in a time range contain a periodic
 * stretch long enough to be a feedback loop. Only their spans are then shipped to the exact analysis
 * (`findFeedbackLoops`), so a window holding a million spans costs one aggregation, not a million rows in JavaScript.
 *
 * The SQL applies the same rules as `actionSteps.ts` and `findFeedbackLoops.ts`:
 * - action steps as `actionStepSql.ts` finds them (customers it is unsure about are candidates);
 * - runs cut where two consecutive steps are `maxStepGapMs` or more apart;
 * - for a cycle length p, a stretch where each step's actor equals the actor p steps earlier, inside one run, of at
 *   least `minIterations` × p steps: its longest streak of such steps, one cumulative sum per cycle length.
 * It does not check that the cycle's actors are distinct, nor evidence: the exact analysis does. So the answer is a
 * superset of the customers with loops, never missing one.
 */
import { actionStepGroupsSql, stepRangeParams } from './actionStepSql.js';
import { ARRAY_QUERY_SETTINGS } from './arrayQuerySettings.js';
import type { LoopCandidateOptions } from '../analysis/findFeedbackLoops.js';
import type { SqlCondition } from './businessSpanFilterSql.js';

/**
 * `WITH` items (without the `WITH`) adding `sequences` to {@link actionStepGroupsSql}: per customer `c`, the steps'
 * `actors` and `times` in compareSpans order (time, hop, trace id, span id), their `runs` (cut at the step gap),
 * `actorInRun` (a key equal for two steps when they have the same actor in the same run: the actor hash plus the run
 * times an odd constant, so a coincidence needs a hash collision and can only add a candidate), `stepAgents` (each
 * step's agent hash) and `undecided` (the steps need the exact analysis). `onlyCustomers`: see `actionStepGroupsSql`.
 */
export function loopSequencesSql(db: string, onlyCustomers = false): string {
  return `${actionStepGroupsSql(db, { onlyCustomers })},
sequences AS (
  SELECT c,
    arraySort(arrayFilter((x, m) -> NOT m, arrayZip(S0, H, TH, TL, ID, AH), merged)) AS ordered,
    ordered.1 AS times,
    ordered.6 AS actors,
    arrayCumSum(arrayMap((x, y) -> x - y >= {maxGapNs:Int64}, times, arrayShiftRight(times, 1, toInt64(0)))) AS runs,
    arrayMap((a, r) -> a + r * 11400714819323198485, actors, runs) AS actorInRun,
    arrayFilter((a, m) -> NOT m, A, merged) AS stepAgents,
    has(unsure, 1) AS undecided
  FROM byGroup
)`;
}

/**
 * Over a `sequences` row: the customer can have a loop (or is undecided). Per cycle length p (written out, 1 to
 * `maxCycleLength`: a lambda over the lengths would copy the arrays it reads once per length), the longest streak of
 * steps whose `actorInRun` equals the one p steps earlier (a running count that a mismatch resets) must reach
 * (`minIterations` - 1) × p.
 */
export function loopCandidateCondition(maxCycleLength: number): string {
  if (!Number.isInteger(maxCycleLength) || maxCycleLength < 1) throw new RangeError(`maxCycleLength must be a positive integer, got ${maxCycleLength}`);
  const streaks = Array.from({ length: maxCycleLength }, (_, i) => {
    const p = i + 1;
    return `arrayMax(arrayCumSumNonNegative(arrayMap((x, y) -> if(x = y, toInt64(1), toInt64(-1000000000)),
      actorInRun, arrayShiftRight(actorInRun, ${p}, toUInt64(0))))) >= ({minIterations:UInt32} - 1) * ${p}`;
  });
  return `(undecided OR (length(actors) >= {minIterations:UInt32} AND (${streaks.join('\n    OR ')})))`;
}

/** Parameters of {@link loopSequencesSql} and {@link loopCandidateCondition} for a half-open range in epoch ms. */
export function loopSequenceParams(fromMs: number, toMs: number, opts: LoopCandidateOptions): Record<string, unknown> {
  return {
    ...stepRangeParams(fromMs, toMs),
    maxGapNs: Math.round(opts.maxStepGapMs * 1e6),
    minIterations: opts.minIterations,
  };
}

/**
 * The query returning one row per candidate customer (`CustomerId`), for the database `db` (a validated, quoted
 * identifier) and a half-open range in epoch ms.
 */
export function loopCandidateCustomersSql(db: string, fromMs: number, toMs: number, opts: LoopCandidateOptions): SqlCondition {
  return {
    sql: `WITH ${loopSequencesSql(db)} SELECT c AS CustomerId FROM sequences WHERE ${loopCandidateCondition(opts.maxCycleLength)} ${ARRAY_QUERY_SETTINGS}`,
    params: loopSequenceParams(fromMs, toMs, opts),
  };
}
