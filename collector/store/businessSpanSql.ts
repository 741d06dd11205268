/**
 * Reading `flexix_business_spans` rows back as {@link BusinessSpan}s: the contract's attributes come as their own
 * columns, so no attribute map is parsed unless a caller asks for it.
 */
import { createBusinessSpan, NO_ATTRIBUTES, NO_LINKS, type BusinessSpan, type BusinessSpanLink } from '../analysis/BusinessSpan.js';

/**
 * SELECT list of {@link BusinessSpanJson}; `withAttributes` adds the full attribute map. Selected as `JSONCompact`
 * (rows as arrays, parsed in one `JSON.parse`): for a million spans that is several times cheaper than an object
 * per row with repeated keys.
 */
export function businessSpanColumnsSql(withAttributes: boolean): string {
  return `toString(toUnixTimestamp64Nano(Timestamp)) AS ts, CustomerId, TraceId, SpanId, ParentSpanId, SpanName,
    ServiceName, toString(Duration) AS dur, Agent, Model, Phase, Event, JourneyId, JourneyStep, JourneyVersion, Channel,
    Intent, Subject, Rule, Decision, Hop, Outcome, ChangeId, ChangeModel, ChangeTarget, ChangeStage, LinkTraceIds,
    LinkSpanIds, LinkTypes${withAttributes ? ', OtherAttributes' : ''}`;
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
