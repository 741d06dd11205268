/**
 * Customers' action steps in ClickHouse, by the same rules as `actionSteps.ts`: action spans (as migrations 012–013
 * mark them when they are stored), and the step merge rule checked pair by pair. Shared by the loop scan and the
 * weekly report.
 *
 * Each customer's action spans are ordered by trace and agent, then time, so the spans the merge rule compares are
 * neighbours: the rule is checked against the previous span with shifted arrays (no per-element lambda captures,
 * which ClickHouse would copy). A span not merged with its predecessor that is third or later in its trace + agent
 * group (and not the first span of its journey step there) may still merge with an earlier one: it is `unsure`, and
 * a customer with one is left to the exact analysis in JavaScript.
 */
import { inRangeSql } from './businessSpanFilterSql.js';

/**
 * Customers' action spans of [{fromMs}, {toMs}) with their agent and actor, from the columns migrations 012–013
 * compute as spans are stored (mirroring `isActionSpan` + `actorOf`; ids as numbers).
 */
const ACTION_SPANS_SQL = `
  SELECT CustomerId AS c, TraceHigh, TraceLow, SpanNumber, ParentNumber, HopNumber AS hop, ActionAgentHash AS agent, ActorHash,
    toUnixTimestamp64Nano(Timestamp) AS ts, ts + Duration AS te, JourneyStep != '' AS hasStep
  FROM {db}.flexix_business_spans
  WHERE ${inRangeSql('fromMs', 'toMs')}
    AND ActionAgentHash != 0 AND CustomerId != ''`;

/**
 * `WITH` items (without the `WITH`) defining `actions` (one row per action span: `c`, `agent`, ...) and `byGroup`:
 * per customer `c`, the action spans `g` in trace + agent + time order (tuples: trace id as two numbers, agent hash,
 * start ns, hop, span id, parent id, end ns, actor hash, names a journey step) and aligned arrays `T` (trace), `A`
 * (agent hash), `S0` (start), `H` (hop), `ID`, `AH` (actor hash), `merged` (joins an earlier span's step) and `unsure`.
 * `db` is a validated, quoted identifier; parameters `fromMs`, `toMs` (Int64).
 */
export function actionStepGroupsSql(db: string): string {
  return `
actions AS (${ACTION_SPANS_SQL.replace('{db}', db)}),
byGroup AS (
  -- Numbers only, which sort several times faster than strings: hex ids as the integers they spell (same order, no
  -- collisions), agents and actors as 64-bit hashes.
  SELECT c,
    arraySort(groupArray((TraceHigh, TraceLow, agent, ts, hop, SpanNumber, ParentNumber, te, ActorHash, hasStep))) AS g,
    arrayMap(x -> (x.1, x.2), g) AS T, arrayMap(x -> x.3, g) AS A, arrayMap(x -> x.4, g) AS S0, arrayMap(x -> x.5, g) AS H,
    arrayMap(x -> x.6, g) AS ID, arrayMap(x -> x.7, g) AS P, arrayMap(x -> x.8, g) AS E, arrayMap(x -> x.9, g) AS AH,
    arrayMap(x -> x.10, g) AS HS,
    -- Position of each span in its trace + agent group, and of its actor there (spans are in time order in both).
    arrayEnumerateUniq(T, A) AS groupPos,
    arrayEnumerateUniq(T, AH) AS actorPos,
    arrayMap((pos, hs, ah, pah, st, pe, par, pid, ppar) -> pos > 1 AND (NOT hs OR ah = pah) AND (st <= pe OR pid = par OR (par != 0 AND ppar = par)),
      groupPos, HS, AH, arrayShiftRight(AH, 1, toUInt64(0)), S0, arrayShiftRight(E, 1, toInt64(0)), P, arrayShiftRight(ID, 1, toUInt64(0)),
      arrayShiftRight(P, 1, toUInt64(0))) AS merged,
    arrayMap((pos, apos, hs, m) -> pos > 2 AND NOT m AND NOT (hs AND apos = 1), groupPos, actorPos, HS, merged) AS unsure
  FROM actions GROUP BY c
)`;
}
