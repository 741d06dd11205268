/**
 * Reading `flexix_business_spans` rows back as {@link BusinessSpan}s: the contract's attributes come as their own
 * columns, so no attribute map is parsed unless a caller asks for it.
 */
import { createBusinessSpan, NO_ATTRIBUTES, NO_LINKS, type BusinessSpan, type BusinessSpanLink } from '../analysis/BusinessSpan.js';

/**
 * Which fields a read fills: `all`, or `handbook`, what handbook rules, their violations and reaction latency read
 * (ids, time, hop, who acted, model, event, channel, intent, subject, decision). The others then come back empty:
 * a search over a week reads every granule of the columns it selects, so each column left out is time saved.
 */
export type BusinessSpanFields = 'all' | 'handbook';

/** Columns (in {@link BusinessSpanJson} order) with the empty value that stands in for them when not read. */
const SELECTED: ReadonlyArray<readonly [sql: string, handbook: boolean, empty: string]> = [
  ['toString(toUnixTimestamp64Nano(Timestamp)) AS ts', true, ''],
  ['CustomerId', true, ''],
  ['TraceId', true, ''],
  ['SpanId', true, ''],
  ['ParentSpanId', false, "'' AS ParentSpanId"],
  ['SpanName', false, "'' AS SpanName"],
  ['ServiceName', true, ''],
  ['toString(Duration) AS dur', false, "'0' AS dur"],
  ['Agent', true, ''],
  ['Model', true, ''],
  ['Phase', false, "'' AS Phase"],
  ['Event', true, ''],
  ['JourneyId', true, ''],
  ['JourneyStep', false, "'' AS JourneyStep"],
  ['JourneyVersion', false, "'' AS JourneyVersion"],
  ['Channel', true, ''],
  ['Intent', true, ''],
  ['Subject', true, ''],
  ['Rule', false, "'' AS Rule"],
  ['Decision', true, ''],
  ['Hop', true, ''],
  ['Outcome', false, "'' AS Outcome"],
  ['ChangeId', false, "'' AS ChangeId"],
  ['ChangeModel', false, "'' AS ChangeModel"],
  ['ChangeTarget', false, "'' AS ChangeTarget"],
  ['ChangeStage', false, "'' AS ChangeStage"],
  ['LinkTraceIds', false, 'emptyArrayString() AS LinkTraceIds'],
  ['LinkSpanIds', false, 'emptyArrayString() AS LinkSpanIds'],
  ['LinkTypes', false, 'emptyArrayString() AS LinkTypes'],
];

/**
 * SELECT list of {@link BusinessSpanJson}; `withAttributes` adds the full attribute map. Selected as `JSONCompact`
 * (rows as arrays, parsed in one `JSON.parse`): for a million spans that is several times cheaper than an object
 * per row with repeated keys.
 */
export function businessSpanColumnsSql(withAttributes: boolean, fields: BusinessSpanFields = 'all'): string {
  const list = SELECTED.map(([sql, handbook, empty]) => (fields === 'all' || handbook ? sql : empty));
  return `${list.join(', ')}${withAttributes ? ', OtherAttributes' : ''}`;
}

/** One selected row, by column name. */
export interface BusinessSpanJson {
  ts: string;
  CustomerId: string;
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  SpanName: string;
  ServiceName: string;
  dur: string;
  Agent: string;
  Model: string;
  Phase: string;
  Event: string;
  JourneyId: string;
  JourneyStep: string;
  JourneyVersion: string;
  Channel: string;
  Intent: string;
  Subject: string;
  Rule: string;
  Decision: string;
  Hop: string;
  Outcome: string;
  ChangeId: string;
  ChangeModel: string;
  ChangeTarget: string;
  ChangeStage: string;
  LinkTraceIds: string[];
  LinkSpanIds: string[];
  LinkTypes: string[];
  /** Attributes outside the flexix.* namespace (those are the columns above). */
  OtherAttributes?: Record<string, string>;
}

const opt = (s: string): string | undefined => (s === '' ? undefined : s);
const optInt = (s: string): number | undefined => {
  const n = s === '' ? NaN : Number(s);
  return Number.isInteger(n) ? n : undefined;
};
const optModel = (s: string): 'command' | 'network' | undefined => (s === 'command' || s === 'network' ? s : undefined);

const COLUMNS = [
  'ts', 'CustomerId', 'TraceId', 'SpanId', 'ParentSpanId', 'SpanName', 'ServiceName', 'dur', 'Agent', 'Model', 'Phase',
  'Event', 'JourneyId', 'JourneyStep', 'JourneyVersion', 'Channel', 'Intent', 'Subject', 'Rule', 'Decision', 'Hop',
  'Outcome', 'ChangeId', 'ChangeModel', 'ChangeTarget', 'ChangeStage', 'LinkTraceIds', 'LinkSpanIds', 'LinkTypes',
  'OtherAttributes',
] as const;

/** Names the values of one `JSONCompact` row (in {@link businessSpanColumnsSql} order). */
export function businessSpanJsonFromArray(values: readonly unknown[]): BusinessSpanJson {
  const r: Record<string, unknown> = {};
  for (let i = 0; i < values.length; i++) r[COLUMNS[i]!] = values[i];
  return r as unknown as BusinessSpanJson;
}

/** Converts a selected row to a {@link BusinessSpan}. */
export function fromBusinessSpanJson(r: BusinessSpanJson): BusinessSpan {
  const ns = BigInt(r.ts);
  let links: BusinessSpanLink[] = NO_LINKS;
  if (r.LinkTraceIds.length > 0) {
    links = r.LinkTraceIds.map((traceId, i) => {
      const type = r.LinkTypes[i];
      return type ? { traceId, spanId: r.LinkSpanIds[i] ?? '', type } : { traceId, spanId: r.LinkSpanIds[i] ?? '' };
    });
  }
  const decision = r.Decision;
  return createBusinessSpan({
    traceId: r.TraceId.toLowerCase(),
    spanId: r.SpanId.toLowerCase(),
    parentSpanId: r.ParentSpanId.toLowerCase(),
    name: r.SpanName,
    serviceName: r.ServiceName,
    startMs: Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6,
    durationNs: Number(r.dur),
    agent: opt(r.Agent),
    model: optModel(r.Model),
    customerId: opt(r.CustomerId),
    phase: opt(r.Phase),
    event: opt(r.Event),
    journeyId: opt(r.JourneyId),
    journeyStep: opt(r.JourneyStep),
    journeyVersion: optInt(r.JourneyVersion),
    channel: opt(r.Channel),
    intent: opt(r.Intent),
    subject: opt(r.Subject),
    rule: opt(r.Rule),
    decision: decision === 'allow' || decision === 'deny' ? decision : undefined,
    hop: optInt(r.Hop),
    outcome: opt(r.Outcome),
    changeId: opt(r.ChangeId),
    changeModel: optModel(r.ChangeModel),
    changeTarget: opt(r.ChangeTarget),
    changeStage: opt(r.ChangeStage),
    links,
    attributes: r.OtherAttributes ?? NO_ATTRIBUTES,
  });
}
