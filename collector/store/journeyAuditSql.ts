/**
 * The journey audit's tallies (`tallyFamilies` in `auditJourneys.ts`) in ClickHouse: customers' action steps as
 * `actionStepSql.ts` finds them, each customer's path per family (the labels of its first steps of the family), the
 * paths counted per family. A month of a big store is one aggregation instead of every span shipped to JavaScript.
 *
 * A customer is conflicted in a family when one of the violations' spans (given by id) belongs to one of its steps
 * there: a span merged into a step belongs to the step's first span, the one before it in its trace and agent.
 * Complaints and drop-offs are not judged here: the caller leaves out the customers they concern (`{except}`) and
 * passes their parts, found from their spans, as `extra` rows, which the same query counts beside the others.
 * Customers whose steps the SQL is unsure about are named (`unresolved`) for the caller to do the same.
 */
import { DROP_OFF_OUTCOMES, COMPLAINT_EVENTS, COMPLAINT_OUTCOMES, TOP_PATHS, type FamilyTally } from '../analysis/auditJourneys.js';
import { actionStepGroupsSql, STEP_MODEL_SQL } from './actionStepSql.js';
import { ARRAY_QUERY_SETTINGS } from './arrayQuerySettings.js';
import { inRangeSql } from './businessSpanFilterSql.js';

/** The family of a step's first span (the default `familyOf`: the journey, else the agent). */
const FAMILY_SQL = "CAST(if(JourneyId != '', JourneyId, Agent) AS String)";
/** The label of a step's first span (the default `labelOf`: journey step, else intent, else event, else span name). */
const LABEL_SQL = "CAST(multiIf(JourneyStep != '', JourneyStep, Intent != '', Intent, Event != '', Event, SpanName) AS String)";
/** 1 for the spans of `{violationTraces:Array(String)}` and `{violationSpans:Array(String)}` (aligned ids), else 0. */
const IN_VIOLATION_SQL = `toUInt8((TraceHigh, TraceLow, SpanNumber) IN (
    SELECT reinterpretAsUInt64(reverse(unhex(substring(v.1, 1, 16)))), reinterpretAsUInt64(reverse(unhex(substring(v.1, 17, 16)))),
      reinterpretAsUInt64(reverse(unhex(v.2)))
    FROM (SELECT arrayJoin(arrayZip({violationTraces:Array(String)}, {violationSpans:Array(String)})) AS v)))`;

/**
 * One row per family of the steps of [{fromMs}, {toMs}), but of the customers `{except:Array(String)}`: `customers`,
 * `sizeCustomers`/`sizePaths` (the path sizes: that many paths taken by that many customers each), `topPaths` (most
 * customers first, then by labels), the steps per model and the harm counts (complaints and drop-offs: of the extra
 * rows only). The row of family '' names the `unresolved` customers. The aligned arrays `{xFamily:Array(String)}`,
 * `{xPath:Array(Array(String))}`, `{xCommand:Array(UInt32)}`, `{xNetwork:Array(UInt32)}`, `{xConflicted:Array(UInt8)}`,
 * `{xComplained:Array(UInt8)}` and `{xDropped:Array(UInt8)}` add customers' parts. `{maxPath:UInt32}`: steps of a
 * path.
 */
export function familyTalliesSql(db: string): string {
  return `
WITH ${actionStepGroupsSql(db, { exceptCustomers: true, columns: [['MD', STEP_MODEL_SQL], ['FAM', FAMILY_SQL], ['LBL', LABEL_SQL], ['VIO', IN_VIOLATION_SQL]] })},
steps AS (
  SELECT c, has(unsure, 1) AS undecided,
    -- The families of the steps holding a violation's span (each span with the family of the latest step start before
    -- it in its trace and agent: for a customer the SQL is sure of, the start of its step).
    arrayDistinct(arrayFilter((f, v) -> v = 1, arrayFill((f, m) -> NOT m, FAM, merged), VIO)) AS conflictedFamilies,
    -- compareSpans order (time, hop, trace id, span id) of the steps' first spans, with their model, family and label.
    arraySort(arrayFilter((x, m) -> NOT m, arrayZip(S0, H, TH, TL, ID, MD, FAM, LBL), merged)) AS ordered
  FROM byGroup
),
parts AS (
  SELECT c, undecided, f,
    arraySlice(arrayFilter((l, x) -> x = f, ordered.8, ordered.7), 1, {maxPath:UInt32}) AS path,
    toUInt32(arrayCount((m, x) -> x = f AND m = 1, ordered.6, ordered.7)) AS command,
    toUInt32(arrayCount((m, x) -> x = f AND m = 2, ordered.6, ordered.7)) AS network,
    toUInt8(has(conflictedFamilies, f)) AS conflicted, toUInt8(0) AS complained, toUInt8(0) AS dropped
  FROM steps ARRAY JOIN if(undecided, [''], arrayDistinct(ordered.7)) AS f
  UNION ALL
  SELECT '' AS c, false AS undecided, e.1 AS f, e.2 AS path, e.3 AS command, e.4 AS network, e.5 AS conflicted, e.6 AS complained, e.7 AS dropped
  FROM (SELECT arrayJoin(arrayZip({xFamily:Array(String)}, {xPath:Array(Array(String))}, {xCommand:Array(UInt32)}, {xNetwork:Array(UInt32)},
    {xConflicted:Array(UInt8)}, {xComplained:Array(UInt8)}, {xDropped:Array(UInt8)})) AS e)
),
byPath AS (
  -- Names apart from the columns of parts: an alias would stand for its aggregate in the other aggregates.
  SELECT f, path, toUInt32(count()) AS pathCustomers, sum(command) AS pathCommand, sum(network) AS pathNetwork,
    sum(conflicted) AS pathConflicted, sum(complained) AS pathComplained, sum(dropped) AS pathDropped,
    sum(conflicted OR complained OR dropped) AS pathHurt, groupArrayIf(c, undecided) AS pathUnresolved
  FROM parts GROUP BY f, path
)
SELECT f AS family, toUInt32(sum(pathCustomers)) AS customers,
  -- The same aggregate twice is computed once.
  arrayMap(k -> toUInt32(k), sumMap([pathCustomers], [toUInt32(1)]).1) AS sizeCustomers,
  arrayMap(m -> toUInt32(m), sumMap([pathCustomers], [toUInt32(1)]).2) AS sizePaths,
  arraySlice(arraySort(x -> (-toInt64(x.1), x.2), groupArray((pathCustomers, path))), 1, ${TOP_PATHS}) AS topPaths,
  toUInt32(sum(pathCommand)) AS command, toUInt32(sum(pathNetwork)) AS network, toUInt32(sum(pathConflicted)) AS conflicted,
  toUInt32(sum(pathComplained)) AS complained, toUInt32(sum(pathDropped)) AS dropped, toUInt32(sum(pathHurt)) AS hurt,
  groupArrayArray(pathUnresolved) AS unresolved
FROM byPath GROUP BY f
${ARRAY_QUERY_SETTINGS}`;
}

/** A row of {@link familyTalliesSql}. */
export type FamilyTallyRow = Omit<FamilyTally, 'pathSizes' | 'topPaths'> & {
  sizeCustomers: number[];
  sizePaths: number[];
  topPaths: Array<[number, string[]]>;
  unresolved: string[];
};

/** The customers with a complaint or a drop-off (as `auditJourneys` reads them) in [{fromMs}, {toMs}). */
export function harmedCustomersSql(db: string): string {
  return `
SELECT DISTINCT CustomerId AS customerId FROM ${db}.flexix_business_spans
WHERE ${inRangeSql('fromMs', 'toMs')} AND CustomerId != ''
  AND (Outcome IN {harmOutcomes:Array(String)} OR Event IN {harmEvents:Array(String)})`;
}

/** The parameters of {@link harmedCustomersSql} besides the range. */
export const HARM_PARAMS = { harmOutcomes: [...COMPLAINT_OUTCOMES, ...DROP_OFF_OUTCOMES], harmEvents: COMPLAINT_EVENTS };
