/**
 * Encodes span rows as ClickHouse `TabSeparated` text for `otel_traces`, the cheapest text format for ClickHouse to
 * parse and for V8 to build. Top-level strings use TSV escaping; values inside Map/Array columns use ClickHouse's
 * quoted-literal escaping, as the TabSeparated format reads complex types.
 */
import type { SpanRow } from '../../schemas/span.js';

/** Column list of `otel_traces` in the order {@link encodeSpanRowsTsv} writes them. */
export const OTEL_TRACES_COLUMNS = [
  'Timestamp', 'TraceId', 'SpanId', 'ParentSpanId', 'TraceState', 'SpanName', 'SpanKind', 'ServiceName',
  'ResourceAttributes', 'ScopeName', 'ScopeVersion', 'SpanAttributes', 'Duration', 'StatusCode', 'StatusMessage',
  'Events.Timestamp', 'Events.Name', 'Events.Attributes',
  'Links.TraceId', 'Links.SpanId', 'Links.TraceState', 'Links.Attributes',
] as const;

// Characters that need escaping in either context; checked first so the common clean string costs one regex test.
const NEEDS_ESCAPE = /[\\\t\n\r\0']/;
const TSV_ESCAPES = /[\\\t\n\r\0]/g;
const QUOTED_ESCAPES = /[\\\t\n\r\0']/g;
const ESCAPE_MAP: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0', "'": "\\'" };
const replaceEscape = (c: string): string => ESCAPE_MAP[c]!;

/** Escapes a top-level TSV string field. */
export function escapeTsv(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(TSV_ESCAPES, replaceEscape) : s;
}

/** Quotes a string as a ClickHouse literal for use inside Map/Array values. */
export function quoteLiteral(s: string): string {
  return NEEDS_ESCAPE.test(s) ? `'${s.replace(QUOTED_ESCAPES, replaceEscape)}'` : `'${s}'`;
}

/** Formats ns since the epoch as `seconds.nanoseconds`, which DateTime64(9) parses without loss. */
export function formatNs(ns: bigint): string {
  const s = ns / 1_000_000_000n;
  const frac = ns % 1_000_000_000n;
  return `${s}.${frac.toString().padStart(9, '0')}`;
}

// Spans of one resource (or link/event) share their attribute objects, so each is encoded once per batch.
const encodedMaps = new WeakMap<Record<string, string>, string>();

function encodeSharedMap(m: Record<string, string>): string {
  let s = encodedMaps.get(m);
  if (s === undefined) {
    s = encodeMap(m);
    encodedMaps.set(m, s);
  }
  return s;
}

function encodeMap(m: Record<string, string>): string {
  let out = '{';
  let first = true;
  for (const k in m) {
    out += (first ? '' : ',') + quoteLiteral(k) + ':' + quoteLiteral(m[k]!);
    first = false;
  }
  return out + '}';
}

function encodeArray<T>(items: readonly T[], encode: (item: T) => string): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) out += (i ? ',' : '') + encode(items[i]!);
  return out + ']';
}

/** Encodes one row as a TSV line (with trailing newline). */
export function encodeSpanRowTsv(r: SpanRow): string {
  const ev = r.events;
  const ln = r.links;
  return (
    formatNs(r.timestampNs) + '\t' + r.traceId + '\t' + r.spanId + '\t' + r.parentSpanId + '\t' +
    escapeTsv(r.traceState) + '\t' + escapeTsv(r.spanName) + '\t' + r.spanKind + '\t' + escapeTsv(r.serviceName) + '\t' +
    encodeSharedMap(r.resourceAttributes) + '\t' + escapeTsv(r.scopeName) + '\t' + escapeTsv(r.scopeVersion) + '\t' +
    encodeMap(r.spanAttributes) + '\t' + r.durationNs + '\t' + r.statusCode + '\t' + escapeTsv(r.statusMessage) + '\t' +
    (ev.length === 0
      ? '[]\t[]\t[]'
      : encodeArray(ev, (e) => `'${formatNs(e.timestampNs)}'`) + '\t' + encodeArray(ev, (e) => quoteLiteral(e.name)) + '\t' +
        encodeArray(ev, (e) => encodeMap(e.attributes))) + '\t' +
    (ln.length === 0
      ? '[]\t[]\t[]\t[]'
      : encodeArray(ln, (l) => `'${l.traceId}'`) + '\t' + encodeArray(ln, (l) => `'${l.spanId}'`) + '\t' +
        encodeArray(ln, (l) => quoteLiteral(l.traceState)) + '\t' + encodeArray(ln, (l) => encodeMap(l.attributes))) +
    '\n'
  );
}
