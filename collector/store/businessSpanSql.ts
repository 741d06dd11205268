/**
 * Reading `flexix_business_spans` rows back as {@link BusinessSpan}s: the contract's attributes come as their own
 * columns, so no attribute map is parsed unless a caller asks for it.
 */
import { createBusinessSpan, NO_ATTRIBUTES, NO_LINKS, type BusinessSpan, type BusinessSpanLink } from '../analysis/BusinessSpan.js';

/**
 * Which fields a read fills: `all`; `handbook`, what handbook rules, their violations and reaction latency read (ids,
 * time, hop, who acted, model, event, channel, intent, subject, decision); or `loops`, what loop steps and their
 * causal joins read (ids, parent, time, duration, hop, who acted, model, phase, event, intent, journey step,
 * decision, change, links); `chain`, what a causal chain's nodes and edges show (all but the journey version and
 * the change columns); or `audit`, what the journey audit's steps, labels and harm read (those of `loops` without
 * links, plus span name and outcome). The others then come back empty: a search over a week reads every granule of
 * the columns it selects, and a trace lookup pays for every column in every part, so each column left out is time
 * saved.
 */
export type BusinessSpanFields = 'all' | 'handbook' | 'loops' | 'chain' | 'audit';

const H = 'handbook';
const L = 'loops';
const C = 'chain';
const A = 'audit';

/** Columns (in {@link BusinessSpanRow} order), the partial reads that need them, and their value when not read. */
const SELECTED: ReadonlyArray<readonly [sql: string, readBy: readonly BusinessSpanFields[], unread: string | string[]]> = [
  ['toString(toUnixTimestamp64Nano(Timestamp)) AS ts', [H, L, C, A], ''],
  ['CustomerId', [H, L, C, A], ''],
  ['TraceId', [H, L, C, A], ''],
  ['SpanId', [H, L, C, A], ''],
  ['ParentSpanId', [L, C, A], ''],
  ['SpanName', [C, A], ''],
  ['ServiceName', [H, L, C], ''],
  ['toString(Duration) AS dur', [L, C, A], '0'],
  ['Agent', [H, L, C, A], ''],
  ['Model', [H, L, C, A], ''],
  ['Phase', [L, C, A], ''],
  ['Event', [H, L, C, A], ''],
  ['JourneyId', [H, L, C, A], ''],
  ['JourneyStep', [L, C, A], ''],
  ['JourneyVersion', [], ''],
  ['Channel', [H, C], ''],
  ['Intent', [H, L, C, A], ''],
  ['Subject', [H, C], ''],
  ['Rule', [C], ''],
  ['Decision', [H, L, C, A], ''],
  ['Hop', [H, L, C, A], ''],
  ['Outcome', [C, A], ''],
  ['ChangeId', [L, A], ''],
  ['ChangeModel', [], ''],
  ['ChangeTarget', [], ''],
  ['ChangeStage', [], ''],
  ['LinkTraceIds', [L, C], []],
  ['LinkSpanIds', [L, C], []],
  ['LinkTypes', [L, C], []],
];

/** A 64-bit number as the 16 hex digits it was read from (migration 012 stores the ids of hex columns so). */
const hex16 = (column: string): string => `leftPad(lower(hex(${column})), 16, '0')`;

/**
 * The ids of `flexix_business_spans` rebuilt from the numbers migration 012 stores: a search reads every granule of
 * the columns it selects, and 24 bytes of numbers per span are cheaper to read than 65 of hex strings (the spans of a
 * week's conflict candidates at 10M spans: 498-548 ms instead of 570-671 ms). The aliases differ from the column names so
 * that conditions on the columns keep reading them.
 */
const IDS_FROM_NUMBERS: Readonly<Record<string, string>> = {
  TraceId: `concat(${hex16('TraceHigh')}, ${hex16('TraceLow')}) AS traceHex`,
  SpanId: `${hex16('SpanNumber')} AS spanHex`,
  ParentSpanId: `if(ParentNumber = 0, '', ${hex16('ParentNumber')}) AS parentHex`,
};

/** A read of business spans: what it selects, and how one of its rows becomes a {@link BusinessSpan}. */
export interface BusinessSpanSelect {
  /** The SELECT list. */
  sql: string;
  /** Converts one selected row (the values in `sql` order, as `JSONCompact` gives them). */
  toSpan(values: unknown[]): BusinessSpan;
}

/**
 * The read of `fields`; `withAttributes` adds the full attribute map; `idsFromNumbers` (for `flexix_business_spans`)
 * reads the ids as the numbers stored beside them. Only the columns read are selected (a week's conflict candidates
 * at 10M spans: 67,700 rows read and parsed in 0.39-0.46 s instead of 0.48-0.71 s with the others selected as empty
 * constants). Rows come as `JSONCompact` arrays, read by position: for a million spans several times cheaper than an
 * object per row with repeated keys.
 */
export function businessSpanSelect(withAttributes: boolean, fields: BusinessSpanFields = 'all', idsFromNumbers = false): BusinessSpanSelect {
  const read = SELECTED.flatMap(([sql, readBy], i) =>
    fields === 'all' || readBy.includes(fields) ? [{ sql: (idsFromNumbers && IDS_FROM_NUMBERS[sql]) || sql, position: i }] : [],
  );
  if (withAttributes) read.push({ sql: 'OtherAttributes', position: SELECTED.length });
  const sql = read.map((c) => c.sql).join(', ');
  if (fields === 'all') return { sql, toSpan: (values) => fromBusinessSpanRow(values as BusinessSpanRow) };
  // One row of every column, reused: the unread ones keep their value, the read ones are overwritten row by row
  // (fromBusinessSpanRow keeps nothing of it, and converts synchronously, so reads running at once may share a
  // select). A new row per span took twice as long for 20,000 spans.
  const row = SELECTED.map(([, , value]) => value);
  const positions = read.map((c) => c.position);
  return {
    sql,
    toSpan(values) {
      for (let i = 0; i < positions.length; i++) row[positions[i]!] = values[i] as string;
      return fromBusinessSpanRow(row as unknown as BusinessSpanRow);
    },
  };
}

/**
 * A row of every column (see {@link businessSpanSelect}) as `JSONCompact` gives it, ts and duration as decimal strings,
 * then `OtherAttributes` when asked for. Read by position: naming the values first (an object with 29 keys per row)
 * took longer than the rest of the conversion.
 */
export type BusinessSpanRow = [
  ts: string, customerId: string, traceId: string, spanId: string, parentSpanId: string, spanName: string,
  serviceName: string, dur: string, agent: string, model: string, phase: string, event: string, journeyId: string,
  journeyStep: string, journeyVersion: string, channel: string, intent: string, subject: string, rule: string,
  decision: string, hop: string, outcome: string, changeId: string, changeModel: string, changeTarget: string,
  changeStage: string, linkTraceIds: string[], linkSpanIds: string[], linkTypes: string[],
  otherAttributes?: Record<string, string>,
];

const opt = (s: string): string | undefined => (s === '' ? undefined : s);
const optInt = (s: string): number | undefined => {
  const n = s === '' ? NaN : Number(s);
  return Number.isInteger(n) ? n : undefined;
};
const optModel = (s: string): 'command' | 'network' | undefined => (s === 'command' || s === 'network' ? s : undefined);

/** Epoch nanoseconds as a decimal string → epoch milliseconds (fractional), exact to the nanosecond's float. */
export function nsToMs(ns: string): number {
  if (ns.startsWith('-')) return -nsToMs(ns.slice(1));
  const split = ns.length - 6;
  return split <= 0 ? Number(ns) / 1e6 : Number(ns.slice(0, split)) + Number(ns.slice(split)) / 1e6;
}

/** Converts a selected row to a {@link BusinessSpan}. */
export function fromBusinessSpanRow(r: BusinessSpanRow): BusinessSpan {
  const [
    ts, customerId, traceId, spanId, parentSpanId, spanName, serviceName, dur, agent, model, phase, event, journeyId,
    journeyStep, journeyVersion, channel, intent, subject, rule, decision, hop, outcome, changeId, changeModel,
    changeTarget, changeStage, linkTraceIds, linkSpanIds, linkTypes, otherAttributes,
  ] = r;
  let links: BusinessSpanLink[] = NO_LINKS;
  if (linkTraceIds.length > 0) {
    links = linkTraceIds.map((linkTraceId, i) => {
      const type = linkTypes[i];
      return type ? { traceId: linkTraceId, spanId: linkSpanIds[i] ?? '', type } : { traceId: linkTraceId, spanId: linkSpanIds[i] ?? '' };
    });
  }
  return createBusinessSpan({
    traceId: traceId.toLowerCase(),
    spanId: spanId.toLowerCase(),
    parentSpanId: parentSpanId.toLowerCase(),
    name: spanName,
    serviceName,
    startMs: nsToMs(ts),
    durationNs: Number(dur),
    agent: opt(agent),
    model: optModel(model),
    customerId: opt(customerId),
    phase: opt(phase),
    event: opt(event),
    journeyId: opt(journeyId),
    journeyStep: opt(journeyStep),
    journeyVersion: optInt(journeyVersion),
    channel: opt(channel),
    intent: opt(intent),
    subject: opt(subject),
    rule: opt(rule),
    decision: decision === 'allow' || decision === 'deny' ? decision : undefined,
    hop: optInt(hop),
    outcome: opt(outcome),
    changeId: opt(changeId),
    changeModel: optModel(changeModel),
    changeTarget: opt(changeTarget),
    changeStage: opt(changeStage),
    links,
    attributes: otherAttributes ?? NO_ATTRIBUTES,
  });
}
