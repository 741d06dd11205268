/**
 * Reaction latency (`computeReactionLatency`) in ClickHouse: for one `b-then-a` contradiction rule, each signal (a
 * span matching `b`) joined with the messages (spans matching `a`) that follow it within the rule's window: those of
 * its customer, or of anyone for a signal without a customer; of its subject when the rule says `sameSubject`. Per
 * signal, how many messages, to how many customers, and the last one, overall and per model. Only the reactions go
 * to JavaScript, not a month of messages.
 */
import type { SqlCondition } from './businessSpanFilterSql.js';

/**
 * The reactions to the rule's signals among the spans `spans` selects (the spans an analysis reads, look-backs
 * included), one row per signal followed by a message, in `compareSpans` order: `a` and `b` are the rule's matchers
 * as SQL, `{withinNs:Int64}` its window, `{sameSubject:Bool}`. Times are epoch ns as strings; a model's last message
 * is '0' when none was of that model.
 */
export function signalReactionsSql(db: string, spans: SqlCondition, a: SqlCondition, b: SqlCondition): SqlCondition {
  // Without `sameSubject` every span has the key '' (and pairs whatever its subject); with it, only spans with one.
  const key = "if({sameSubject:Bool}, Subject, '')";
  const joined = (on: string, customerOnly: boolean) => `
  SELECT g.ts AS ts, g.hop AS hop, g.TraceId AS traceId, g.SpanId AS spanId, g.CustomerId AS customerId, g.Subject AS subject,
    g.Event AS event, g.agent AS agent, toString(count()) AS contradictions, toString(uniqExact(m.CustomerId)) AS customers,
    toString(max(m.ts)) AS lastNs, toString(maxIf(m.ts, m.Model = 'command')) AS lastCommandNs,
    toString(maxIf(m.ts, m.Model = 'network')) AS lastNetworkNs
  FROM (SELECT * FROM s WHERE isB AND CustomerId ${customerOnly ? "!= ''" : "= ''"}) AS g
  INNER JOIN (SELECT * FROM s WHERE isA${customerOnly ? " AND CustomerId != ''" : ''}) AS m ON ${on}
  WHERE m.ts >= g.ts AND m.ts <= g.ts + {withinNs:Int64} AND NOT (m.TraceId = g.TraceId AND m.SpanId = g.SpanId)
  GROUP BY g.ts, g.hop, g.TraceId, g.SpanId, g.CustomerId, g.Subject, g.Event, g.agent`;
  return {
    sql: `
WITH s AS (
  SELECT toUnixTimestamp64Nano(Timestamp) AS ts, HopNumber AS hop, TraceId, SpanId, CustomerId, Subject, Event, Model,
    if(Agent != '', Agent, if(JourneyId != '', JourneyId, ServiceName)) AS agent, ${key} AS sk, ${a.sql} AS isA, ${b.sql} AS isB
  FROM ${db}.flexix_business_spans
  WHERE ${spans.sql} AND (isA OR isB) AND (NOT {sameSubject:Bool} OR Subject != '')
)
SELECT toString(ts) AS ts, traceId, spanId, customerId, subject, event, agent, contradictions, customers, lastNs, lastCommandNs, lastNetworkNs
FROM (${joined('m.sk = g.sk', false)}
  UNION ALL ${joined('m.sk = g.sk AND m.CustomerId = g.CustomerId', true)})
ORDER BY ts, hop, traceId, spanId`,
    params: { ...spans.params, ...a.params, ...b.params },
  };
}

/** A row of {@link signalReactionsSql}. */
export interface SignalReactionRow {
  ts: string;
  traceId: string;
  spanId: string;
  customerId: string;
  subject: string;
  event: string;
  agent: string;
  contradictions: string;
  customers: string;
  lastNs: string;
  lastCommandNs: string;
  lastNetworkNs: string;
}

/** How many of the spans `spans` selects match each rule's signal matcher (`bs`, one per rule), in one scan. */
export function signalCountsSql(db: string, spans: SqlCondition, bs: readonly SqlCondition[]): SqlCondition {
  const counts = bs.map((b) => `toString(countIf(${b.sql}))`).join(', ');
  return {
    sql: `SELECT [${counts}] AS counts FROM ${db}.flexix_business_spans WHERE ${spans.sql}`,
    params: Object.assign({}, spans.params, ...bs.map((b) => b.params)),
  };
}
