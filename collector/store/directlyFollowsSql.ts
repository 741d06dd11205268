/**
 * The network-wide directly-follows graph (`buildDirectlyFollowsGraph`) in ClickHouse: customers' action steps as
 * `actionStepSql.ts` finds them, each step paired with the customer's step before it, counted per (previous agent,
 * agent) with the exact median of the time between the two. A month of a big store is one aggregation instead of
 * every action span shipped to JavaScript.
 *
 * Customers whose steps that SQL is unsure about are named (`unresolved`) instead of counted; the caller finds their
 * steps from their spans and passes them back as `extra` rows, which the same query counts beside the others, so
 * the medians stay exact.
 */
import { actionStepGroupsSql, STEP_MODEL_SQL } from './actionStepSql.js';
import { ARRAY_QUERY_SETTINGS } from './arrayQuerySettings.js';
import { inRangeSql } from './businessSpanFilterSql.js';

/**
 * One row per (previous agent hash `prev`, agent hash `agent`) of the steps of [{fromMs}, {toMs}): `prev` is '0' for
 * customers' first steps, both are '0' for the row naming the `unresolved` customers. `steps` counts the steps,
 * `command` and `network` those whose first span declares that model, `medianGapNs` is the exact median (nearest
 * rank) of the time from the previous step. The aligned arrays `{extraFrom:Array(String)}` (previous agent, or ''),
 * `{extraTo:Array(String)}` (agent), `{extraModel:Array(UInt8)}` (`stepModelCode`) and `{extraGapNs:Array(Int64)}` add
 * steps. `onlyModel`: only the spans whose `flexix.model` is `{model:String}`.
 */
export function directlyFollowsSql(db: string, onlyModel: boolean): string {
  return `
WITH ${actionStepGroupsSql(db, { onlyModel, columns: [['MD', STEP_MODEL_SQL]] })},
steps AS (
  SELECT c, has(unsure, 1) AS undecided,
    -- compareSpans order (time, hop, trace id, span id) of the steps' first spans, with their agent and model.
    arraySort(arrayFilter((x, m) -> NOT m, arrayZip(S0, H, TH, TL, ID, A, MD), merged)) AS ordered
  FROM byGroup
)
SELECT toString(prev) AS prev, toString(agent) AS agent, toString(count()) AS steps, toString(countIf(model = 1)) AS command,
  toString(countIf(model = 2)) AS network, toString(quantileExactLow(0.5)(gap)) AS medianGapNs, groupArrayIf(c, undecided) AS unresolved
FROM (
  SELECT c, undecided, t.1 AS agent, t.2 AS prev, t.3 AS model, t.4 AS gap
  FROM steps
  ARRAY JOIN if(undecided, [(toUInt64(0), toUInt64(0), toUInt8(0), toInt64(0))],
    arrayZip(ordered.6, arrayShiftRight(ordered.6, 1, toUInt64(0)), ordered.7,
      arrayMap((s, p) -> s - p, ordered.1, arrayShiftRight(ordered.1, 1, ordered.1[1])))) AS t
  UNION ALL
  SELECT '' AS c, false AS undecided, cityHash64(e.2) AS agent, if(e.1 = '', toUInt64(0), cityHash64(e.1)) AS prev, e.3 AS model, e.4 AS gap
  FROM (SELECT arrayJoin(arrayZip({extraFrom:Array(String)}, {extraTo:Array(String)}, {extraModel:Array(UInt8)}, {extraGapNs:Array(Int64)})) AS e)
)
GROUP BY prev, agent
${ARRAY_QUERY_SETTINGS}`;
}

/** A row of {@link directlyFollowsSql}; 64-bit numbers as strings. */
export interface DirectlyFollowsRow {
  prev: string;
  agent: string;
  steps: string;
  command: string;
  network: string;
  medianGapNs: string;
  unresolved: string[];
}

/** The agents of the action spans of [{fromMs}, {toMs}) by their hash (`ActionAgentHash`, as a string). */
export function actionAgentNamesSql(db: string): string {
  return `
SELECT toString(ActionAgentHash) AS hash, any(ActionAgent) AS agent
FROM ${db}.flexix_business_spans
WHERE ${inRangeSql('fromMs', 'toMs')} AND ActionAgentHash != 0 AND CustomerId != ''
GROUP BY ActionAgentHash`;
}
