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
    toUnixTimestamp64Nano(Timestamp) AS ts, ts + Duration AS te, JourneyStep != '' AS hasStep{columns}
  FROM {db}.flexix_business_spans
  WHERE ${inRangeSql('fromMs', 'toMs')}
    AND ActionAgentHash != 0 AND CustomerId != ''{filters}`;

/**
 * The model of a span as a step declares it (`model` of `ActionStep`): 1 command (explicitly, or a journey span
 * without a model, as migration 012's `ActorHash` decides), 2 network, 0 none.
 */
export const STEP_MODEL_SQL = "multiIf(Model = 'command' OR (Model = '' AND JourneyId != ''), 1, Model = 'network', 2, 0)";

/** A step's model (`ActionStep.model`) as {@link STEP_MODEL_SQL} codes it. */
export function stepModelCode(model: 'command' | 'network' | undefined): number {
  return model === 'command' ? 1 : model === 'network' ? 2 : 0;
}

/** The `fromMs` and `toMs` parameters of {@link actionStepGroupsSql} (and of queries naming them alike) for a range in ms. */
export function stepRangeParams(fromMs: number, toMs: number): { fromMs: number; toMs: number } {
  return { fromMs: Math.floor(fromMs), toMs: Math.ceil(toMs) };
}

/** Options of {@link actionStepGroupsSql}. */
export interface ActionStepGroupsOptions {
  /** Only the spans of the customers `{customers:Array(String)}`. */
  onlyCustomers?: boolean;
  /** Leave out the spans of the customers `{except:Array(String)}`. */
  exceptCustomers?: boolean;
  /** Only the spans whose `flexix.model` is `{model:String}`. */
  onlyModel?: boolean;
  /** More aligned arrays, by name: each span's value of the SQL expression (e.g. {@link STEP_MODEL_SQL}). */
  columns?: ReadonlyArray<readonly [name: string, sql: string]>;
}

/**
 * `WITH` items (without the `WITH`) defining `actions` (one row per action span: `c`, `agent`, ...) and `byGroup`:
 * per customer `c`, the action spans `g` in trace + agent + time order (tuples: trace id as two numbers, agent hash,
 * start ns, hop, span id, parent id, end ns, actor hash, names a journey step) and aligned arrays `TH`, `TL` (trace),
 * `A` (agent hash), `S0` (start), `H` (hop), `ID`, `AH` (actor hash), `merged` (joins an earlier span's step),
 * `unsure`, and the `columns` asked for.
 * `db` is a validated, quoted identifier; parameters `fromMs`, `toMs` (Int64), and those the options name.
 */
export function actionStepGroupsSql(db: string, options: ActionStepGroupsOptions = {}): string {
  const filters = [
    options.onlyCustomers ? ' AND CustomerId IN {customers:Array(String)}' : '',
    options.exceptCustomers ? ' AND CustomerId NOT IN {except:Array(String)}' : '',
    options.onlyModel ? ' AND Model = {model:String}' : '',
  ].join('');
  const columns = options.columns ?? [];
  const actions = ACTION_SPANS_SQL.replace('{db}', db)
    .replace('{filters}', filters)
    .replace('{columns}', columns.map(([name, sql]) => `, ${sql} AS column${name}`).join(''));
  const zipped = columns.map(([name]) => `, groupArray(column${name})`).join('');
  const named = columns.map(([name], i) => `, g.${11 + i} AS ${name}`).join('');
  return `
actions AS (${actions}),
byGroup AS (
  -- Numbers only, which sort several times faster than strings: hex ids as the integers they spell (same order, no
  -- collisions), agents and actors as 64-bit hashes. One numeric groupArray per column, zipped after: a groupArray
  -- of tuples keeps each element serialized in its state.
  SELECT c,
    arraySort(arrayZip(groupArray(TraceHigh), groupArray(TraceLow), groupArray(agent), groupArray(ts), groupArray(hop),
      groupArray(SpanNumber), groupArray(ParentNumber), groupArray(te), groupArray(ActorHash), groupArray(hasStep)${zipped})) AS g,
    g.1 AS TH, g.2 AS TL, g.3 AS A, g.4 AS S0, g.5 AS H, g.6 AS ID, g.7 AS P, g.8 AS E, g.9 AS AH, g.10 AS HS${named},
    -- The previous span is of the same trace + agent group (the groups are contiguous; no span has agent hash 0).
    arrayMap((th, tl, a, pth, ptl, pa) -> th = pth AND tl = ptl AND a = pa,
      TH, TL, A, arrayShiftRight(TH, 1, toUInt64(0)), arrayShiftRight(TL, 1, toUInt64(0)), arrayShiftRight(A, 1, toUInt64(0))) AS sameGroup,
    -- Position of each span's actor in its trace (spans are in time order there).
    arrayEnumerateUniq(TH, TL, AH) AS actorPos,
    arrayMap((same, hs, ah, pah, st, pe, par, pid, ppar) -> same AND (NOT hs OR ah = pah) AND (st <= pe OR pid = par OR (par != 0 AND ppar = par)),
      sameGroup, HS, AH, arrayShiftRight(AH, 1, toUInt64(0)), S0, arrayShiftRight(E, 1, toInt64(0)), P, arrayShiftRight(ID, 1, toUInt64(0)),
      arrayShiftRight(P, 1, toUInt64(0))) AS merged,
    -- Third or later in its group (it and its predecessor follow one of the group), not merged, and not the first
    -- span of its journey step in the trace.
    arrayMap((same, psame, apos, hs, m) -> same AND psame AND NOT m AND NOT (hs AND apos = 1),
      sameGroup, arrayShiftRight(sameGroup, 1, false), actorPos, HS, merged) AS unsure
  FROM actions GROUP BY c
)`;
}
