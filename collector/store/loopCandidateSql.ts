/**
 * The loop scan's first stage, in ClickHouse: the customers whose action steps in a time range contain a periodic
 * stretch long enough to be a feedback loop. Only their spans are then shipped to the exact analysis
 * (`findFeedbackLoops`), so a window holding a million spans costs one aggregation, not a million rows in JavaScript.
 *
 * The SQL applies the same rules as `actionSteps.ts` and `findFeedbackLoops.ts`:
 * - action spans: phase `act`/`step`, or an intent or event outside sense/interpret/learn; not denied, not a change
 *   stage, with an agent or journey, and with a customer;
 * - the step merge rule, pair by pair, through a window over each customer's trace + agent;
 * - runs cut where two consecutive steps are `maxStepGapMs` or more apart;
 * - for a cycle length p, a stretch where each step's actor equals the actor p steps earlier, inside one run, of at
 *   least `minIterations` × p steps.
 * It does not check that the cycle's actors are distinct, nor evidence: the exact analysis does. So the answer is a
 * superset of the customers with loops, never missing one.
 */
import type { SqlCondition } from './businessSpanFilterSql.js';

/** Thresholds of the candidate search (see `FeedbackLoopOptions`). */
export interface LoopCandidateOptions {
  minIterations: number;
  maxStepGapMs: number;
  maxCycleLength: number;
}

/** Mirrors `isActionSpan` + `actorOf` in `actionSteps.ts`. */
const ACTION_SPANS_SQL = `
  SELECT CustomerId AS c, TraceId AS t, SpanId AS s, ParentSpanId AS par,
    toUnixTimestamp64Nano(Timestamp) AS ts, ts + Duration AS te, toInt64OrZero(Hop) AS hop,
    if(Agent != '', Agent, JourneyId) AS agent,
    if((Model = 'command' OR (Model = '' AND JourneyId != '')) AND JourneyStep != '', concat(agent, '#', JourneyStep), agent) AS actor,
    JourneyStep != '' AS hasStep
  FROM {db}.flexix_business_spans
  WHERE Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})
    AND CustomerId != '' AND (Agent != '' OR JourneyId != '') AND Decision != 'deny' AND ChangeId = ''
    AND (Phase IN ('act', 'step') OR (Phase NOT IN ('sense', 'interpret', 'learn') AND (Intent != '' OR Event != '')))`;

/**
 * The query returning one row per candidate customer (`CustomerId`), for the database `db` (a validated, quoted
 * identifier) and a half-open range in epoch ms.
 */
export function loopCandidateCustomersSql(db: string, fromMs: number, toMs: number, opts: LoopCandidateOptions): SqlCondition {
  const sql = `
WITH
  -- A lower-case hex id of up to 16 digits as the number it spells ('' is 0).
  hex -> reinterpretAsUInt64(reverse(unhex(hex))) AS hexToNumber,
actions AS (${ACTION_SPANS_SQL.replace('{db}', db)}),
byGroup AS (
  -- Each customer's action spans ordered by trace and agent, then time: the spans the merge rule compares are
  -- neighbours, so it is checked against the previous span with shifted arrays (no per-element lambda captures).
  -- Numbers only, which sort several times faster than strings: hex ids as the integers they spell (same order, no
  -- collisions), agents and actors as 64-bit hashes.
  SELECT c,
    arraySort(groupArray((hexToNumber(substring(t, 1, 16)), hexToNumber(substring(t, 17, 16)), cityHash64(agent), ts, hop,
      hexToNumber(s), hexToNumber(par), te, cityHash64(actor), hasStep))) AS g,
    arrayMap(x -> (x.1, x.2), g) AS T, arrayMap(x -> x.3, g) AS A, arrayMap(x -> x.4, g) AS S0, arrayMap(x -> x.5, g) AS H,
    arrayMap(x -> x.6, g) AS ID, arrayMap(x -> x.7, g) AS P, arrayMap(x -> x.8, g) AS E, arrayMap(x -> x.9, g) AS AH,
    arrayMap(x -> x.10, g) AS HS,
    -- Position of each span in its trace + agent group, and of its actor there (spans are in time order in both).
    arrayEnumerateUniq(T, A) AS groupPos,
    arrayEnumerateUniq(T, AH) AS actorPos,
    arrayMap((pos, hs, ah, pah, st, pe, par, pid, ppar) -> pos > 1 AND (NOT hs OR ah = pah) AND (st <= pe OR pid = par OR (par != 0 AND ppar = par)),
      groupPos, HS, AH, arrayShiftRight(AH, 1, toUInt64(0)), S0, arrayShiftRight(E, 1, toInt64(0)), P, arrayShiftRight(ID, 1, toUInt64(0)),
      arrayShiftRight(P, 1, toUInt64(0))) AS merged,
    -- Not merged with the previous span, yet an earlier one it could merge with exists (the first span of its actor
    -- naming a journey step cannot merge): exact for groups of two, left to the exact analysis beyond.
    arrayMap((pos, apos, hs, m) -> pos > 2 AND NOT m AND NOT (hs AND apos = 1), groupPos, actorPos, HS, merged) AS unsure
  FROM actions GROUP BY c
),
sequences AS (
  -- The steps (spans merged into none) in compareSpans order: time, hop, trace id, span id.
  SELECT c,
    arraySort(arrayFilter((x, m) -> NOT m, arrayMap((ts, hop, t, id, ah) -> (ts, hop, t, id, ah), S0, H, T, ID, AH), merged)) AS ordered,
    arrayMap(x -> x.1, ordered) AS times,
    arrayMap(x -> x.5, ordered) AS actors,
    arrayCumSum(arrayMap((x, y) -> x - y >= {maxGapNs:Int64}, times, arrayShiftRight(times, 1, toInt64(0)))) AS runs,
    has(unsure, 1) AS undecided
  FROM byGroup
)
SELECT c AS CustomerId FROM sequences
WHERE undecided OR (length(actors) >= {minIterations:UInt32} AND arrayExists(p ->
    arrayMax(arrayDifference(arrayConcat([0],
      arrayFilter((i, a, b, r, q) -> NOT (i > p AND a = b AND r = q),
        arrayEnumerate(actors), actors, arrayShiftRight(actors, toInt64(p), toUInt64(0)), runs, arrayShiftRight(runs, toInt64(p), toUInt64(0))),
      [length(actors) + 1]))) - 1 >= ({minIterations:UInt32} - 1) * p,
  range(1, {maxCycleLength:UInt32} + 1)))`;
  return {
    sql,
    params: {
      fromMs: Math.floor(fromMs),
      toMs: Math.ceil(toMs),
      maxGapNs: Math.round(opts.maxStepGapMs * 1e6),
      minIterations: opts.minIterations,
      maxCycleLength: opts.maxCycleLength,
    },
  };
}
