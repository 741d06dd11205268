/**
 * Maps a decoded OTLP request to `otel_traces` rows. Spans that cannot be stored (bad or missing ids, non-integer
 * timestamps) are dropped and counted, so the receiver reports them through `partial_success`; a request whose
 * structure is wrong (a list that is not a list) is malformed as a whole.
 */
import { SPAN_KIND_NAMES, STATUS_CODE_NAMES, type SpanKindName, type SpanRow, type StatusCodeName } from '../../schemas/span.js';
import type { OtlpExportRequest, OtlpSpan } from './OtlpExportRequest.js';
import { attributesToMap, idToHex, int64ToBigInt } from './otlpValues.js';

/** Thrown when the request's structure is not an ExportTraceServiceRequest; the message names the field. */
export class MalformedRequestError extends Error {}

/** Result of mapping one request. */
export interface SpanRowsResult {
  rows: SpanRow[];
  /** Spans dropped as invalid. */
  rejected: number;
  /** Why, for the first few rejected spans (for `partial_success.error_message`). */
  errors: string[];
}

const MAX_ERROR_MESSAGES = 5;

function listAt<T>(value: T[] | null | undefined, path: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new MalformedRequestError(`${path}: expected an array`);
  return value;
}

function enumIndex(value: number | string | null | undefined, names: readonly string[], prefix: string): number {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value < names.length ? value : 0;
  if (typeof value === 'string') {
    // OTLP/JSON requires integers, but the protobuf JSON mapping also allows enum names; accept both.
    const i = names.findIndex((n) => `${prefix}${n.toUpperCase()}` === value);
    return i < 0 ? 0 : i;
  }
  return 0;
}

function spanKind(kind: OtlpSpan['kind']): SpanKindName {
  return SPAN_KIND_NAMES[enumIndex(kind, SPAN_KIND_NAMES, 'SPAN_KIND_')]!;
}

function statusCode(code: number | string | null | undefined): StatusCodeName {
  return STATUS_CODE_NAMES[enumIndex(code, STATUS_CODE_NAMES, 'STATUS_CODE_')]!;
}

/** Maps one span, or returns why it cannot be stored. */
function toRow(
  s: OtlpSpan,
  resourceAttributes: Record<string, string>,
  serviceName: string,
  scopeName: string,
  scopeVersion: string,
): SpanRow | string {
  if (s === null || typeof s !== 'object') return 'span is not an object';
  const traceId = idToHex(s.traceId, 16);
  if (!traceId) return `span "${s.name ?? ''}": trace_id must be 16 non-zero bytes (32 hex digits)`;
  const spanId = idToHex(s.spanId, 8);
  if (!spanId) return `span "${s.name ?? ''}": span_id must be 8 non-zero bytes (16 hex digits)`;
  const parentSpanId = idToHex(s.parentSpanId, 8);
  if (parentSpanId === null) return `span ${spanId}: parent_span_id must be empty or 8 non-zero bytes`;
  const start = int64ToBigInt(s.startTimeUnixNano);
  const end = int64ToBigInt(s.endTimeUnixNano);
  if (start === null || end === null || start < 0n) return `span ${spanId}: start/end time must be unsigned integer nanoseconds`;

  const events = [];
  for (const e of listAt(s.events, `span ${spanId} events`)) {
    const t = int64ToBigInt(e?.timeUnixNano);
    if (t === null || t < 0n) return `span ${spanId}: event time must be unsigned integer nanoseconds`;
    events.push({ timestampNs: t, name: String(e.name ?? ''), attributes: attributesToMap(e.attributes) });
  }
  const links = [];
  for (const l of listAt(s.links, `span ${spanId} links`)) {
    const lt = idToHex(l?.traceId, 16);
    const ls = idToHex(l?.spanId, 8);
    if (!lt || !ls) return `span ${spanId}: link ids must be 16 and 8 non-zero bytes`;
    links.push({ traceId: lt, spanId: ls, traceState: String(l.traceState ?? ''), attributes: attributesToMap(l.attributes) });
  }
  return {
    timestampNs: start,
    traceId,
    spanId,
    parentSpanId,
    traceState: String(s.traceState ?? ''),
    spanName: String(s.name ?? ''),
    spanKind: spanKind(s.kind),
    serviceName,
    resourceAttributes,
    scopeName,
    scopeVersion,
    spanAttributes: attributesToMap(s.attributes),
    durationNs: end > start ? end - start : 0n,
    statusCode: statusCode(s.status?.code),
    statusMessage: String(s.status?.message ?? ''),
    events,
    links,
  };
}

/** Maps every span of a request to rows. Throws {@link MalformedRequestError} when the structure is wrong. */
export function toSpanRows(req: OtlpExportRequest): SpanRowsResult {
  const out: SpanRowsResult = { rows: [], rejected: 0, errors: [] };
  listAt(req.resourceSpans, 'resourceSpans').forEach((rs, i) => {
    if (rs === null || typeof rs !== 'object') throw new MalformedRequestError(`resourceSpans[${i}]: expected an object`);
    const resourceAttributes = attributesToMap(listAt(rs.resource?.attributes, `resourceSpans[${i}].resource.attributes`));
    const serviceName = resourceAttributes['service.name'] ?? '';
    listAt(rs.scopeSpans, `resourceSpans[${i}].scopeSpans`).forEach((ss, j) => {
      const path = `resourceSpans[${i}].scopeSpans[${j}]`;
      if (ss === null || typeof ss !== 'object') throw new MalformedRequestError(`${path}: expected an object`);
      const scopeName = String(ss.scope?.name ?? '');
      const scopeVersion = String(ss.scope?.version ?? '');
      for (const span of listAt(ss.spans, `${path}.spans`)) {
        const row = toRow(span, resourceAttributes, serviceName, scopeName, scopeVersion);
        if (typeof row === 'string') {
          out.rejected++;
          if (out.errors.length < MAX_ERROR_MESSAGES) out.errors.push(row);
        } else {
          out.rows.push(row);
        }
      }
    });
  });
  return out;
}
