/**
 * Maps decoded OTLP spans to `otel_traces` rows. Spans that cannot be stored (bad or missing ids, non-integer
 * timestamps, times past what the store holds) are dropped and counted, so the receiver reports them through
 * `partial_success`; a request whose structure is wrong (a list that is not a list) is malformed as a whole.
 */
import { SPAN_KIND_NAMES, STATUS_CODE_NAMES, STORABLE_TIMES_MS, type SpanKindName, type SpanRow, type StatusCodeName } from '../../schemas/span.js';
import type { NormalizedSpan, SpanOrigin } from './NormalizedSpan.js';
import type { OtlpExportRequest, OtlpSpan } from './OtlpExportRequest.js';
import { walkOtlpProtoRequest } from './otlpProtoWalker.js';
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

/**
 * The latest time a span or event can have, in epoch ns: a later one cannot be stored, and would fail the whole insert
 * it is part of (other requests' spans included).
 */
const MAX_STORABLE_TIME_NS = BigInt(STORABLE_TIMES_MS.max) * 1_000_000n;
const LATEST_STORABLE = new Date(STORABLE_TIMES_MS.max).toISOString().replace('.000Z', 'Z');

function enumIndex(value: unknown, names: readonly string[], prefix: string): number {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value < names.length ? value : 0;
  if (typeof value === 'string') {
    // OTLP/JSON requires integers, but the protobuf JSON mapping also allows enum names; accept both.
    const i = names.findIndex((n) => `${prefix}${n.toUpperCase()}` === value);
    return i < 0 ? 0 : i;
  }
  return 0;
}

/** Validates one decoded span and builds its row, or returns why it cannot be stored. */
export function toSpanRow(s: NormalizedSpan, origin: SpanOrigin): SpanRow | string {
  const { traceId, spanId, parentSpanId, startNs, endNs } = s;
  if (!traceId) return `span "${s.name}": trace_id must be 16 non-zero bytes (32 hex digits)`;
  if (!spanId) return `span "${s.name}": span_id must be 8 non-zero bytes (16 hex digits)`;
  if (parentSpanId === null) return `span ${spanId}: parent_span_id must be empty or 8 non-zero bytes`;
  if (startNs === null || endNs === null || startNs < 0n) return `span ${spanId}: start/end time must be unsigned integer nanoseconds`;
  if (startNs > MAX_STORABLE_TIME_NS) return `span ${spanId}: start time ${startNs} ns is after ${LATEST_STORABLE}, the latest time the store holds`;
  for (const e of s.events) {
    if (e.timeNs === null || e.timeNs < 0n) return `span ${spanId}: event time must be unsigned integer nanoseconds`;
    if (e.timeNs > MAX_STORABLE_TIME_NS) return `span ${spanId}: event time ${e.timeNs} ns is after ${LATEST_STORABLE}, the latest time the store holds`;
  }
  for (const l of s.links) if (!l.traceId || !l.spanId) return `span ${spanId}: link ids must be 16 and 8 non-zero bytes`;
  return {
    timestampNs: startNs,
    traceId,
    spanId,
    parentSpanId,
    traceState: s.traceState,
    spanName: s.name,
    spanKind: SPAN_KIND_NAMES[enumIndex(s.kind, SPAN_KIND_NAMES, 'SPAN_KIND_')] as SpanKindName,
    serviceName: origin.serviceName,
    resourceAttributes: origin.resourceAttributes,
    scopeName: origin.scopeName,
    scopeVersion: origin.scopeVersion,
    spanAttributes: s.attributes,
    durationNs: endNs > startNs ? endNs - startNs : 0n,
    statusCode: STATUS_CODE_NAMES[enumIndex(s.statusCode, STATUS_CODE_NAMES, 'STATUS_CODE_')] as StatusCodeName,
    statusMessage: s.statusMessage,
    events: s.events.map((e) => ({ timestampNs: e.timeNs!, name: e.name, attributes: e.attributes })),
    links: s.links.map((l) => ({ traceId: l.traceId!, spanId: l.spanId!, traceState: l.traceState, attributes: l.attributes })),
  };
}

/** Collects rows and rejections span by span. */
class RowCollector {
  readonly result: SpanRowsResult = { rows: [], rejected: 0, errors: [] };
  readonly add = (span: NormalizedSpan, origin: SpanOrigin): void => {
    const row = toSpanRow(span, origin);
    if (typeof row !== 'string') {
      this.result.rows.push(row);
      return;
    }
    this.result.rejected++;
    if (this.result.errors.length < MAX_ERROR_MESSAGES) this.result.errors.push(row);
  };
}

/** Decodes and maps a protobuf request. Throws an Error naming the problem when the bytes are malformed. */
export function protoRequestToSpanRows(body: Uint8Array): SpanRowsResult {
  const collector = new RowCollector();
  walkOtlpProtoRequest(body, collector.add);
  return collector.result;
}

function listAt<T>(value: T[] | null | undefined, path: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new MalformedRequestError(`${path}: expected an array`);
  return value;
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** Normalizes one OTLP/JSON span. */
function normalizeJsonSpan(s: OtlpSpan, path: string): NormalizedSpan {
  if (s === null || typeof s !== 'object') throw new MalformedRequestError(`${path}: expected an object`);
  return {
    traceId: idToHex(s.traceId, 16),
    spanId: idToHex(s.spanId, 8),
    parentSpanId: idToHex(s.parentSpanId, 8),
    traceState: text(s.traceState),
    name: text(s.name),
    kind: enumIndex(s.kind, SPAN_KIND_NAMES, 'SPAN_KIND_'),
    startNs: int64ToBigInt(s.startTimeUnixNano),
    endNs: int64ToBigInt(s.endTimeUnixNano),
    attributes: attributesToMap(s.attributes),
    events: listAt(s.events, `${path}.events`).map((e) => ({
      timeNs: int64ToBigInt(e?.timeUnixNano),
      name: text(e?.name),
      attributes: attributesToMap(e?.attributes),
    })),
    links: listAt(s.links, `${path}.links`).map((l) => ({
      traceId: idToHex(l?.traceId, 16),
      spanId: idToHex(l?.spanId, 8),
      traceState: text(l?.traceState),
      attributes: attributesToMap(l?.attributes),
    })),
    statusCode: enumIndex(s.status?.code, STATUS_CODE_NAMES, 'STATUS_CODE_'),
    statusMessage: text(s.status?.message),
  };
}

/** Maps every span of a decoded (JSON) request. Throws {@link MalformedRequestError} when the structure is wrong. */
export function toSpanRows(req: OtlpExportRequest): SpanRowsResult {
  const collector = new RowCollector();
  listAt(req.resourceSpans, 'resourceSpans').forEach((rs, i) => {
    if (rs === null || typeof rs !== 'object') throw new MalformedRequestError(`resourceSpans[${i}]: expected an object`);
    const resourceAttributes = attributesToMap(listAt(rs.resource?.attributes, `resourceSpans[${i}].resource.attributes`));
    listAt(rs.scopeSpans, `resourceSpans[${i}].scopeSpans`).forEach((ss, j) => {
      const path = `resourceSpans[${i}].scopeSpans[${j}]`;
      if (ss === null || typeof ss !== 'object') throw new MalformedRequestError(`${path}: expected an object`);
      const origin: SpanOrigin = {
        resourceAttributes,
        serviceName: resourceAttributes['service.name'] ?? '',
        scopeName: text(ss.scope?.name),
        scopeVersion: text(ss.scope?.version),
      };
      listAt(ss.spans, `${path}.spans`).forEach((span, k) => collector.add(normalizeJsonSpan(span, `${path}.spans[${k}]`), origin));
    });
  });
  return collector.result;
}
