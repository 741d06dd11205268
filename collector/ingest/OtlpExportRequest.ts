/**
 * The shape of a parsed OTLP/JSON `ExportTraceServiceRequest` (the protobuf body is read in place by
 * `otlpProtoWalker`). Values are typed loosely on purpose — hex or base64 strings, decimal strings or numbers, and
 * the protobuf runtime's bytes and Long objects — because a request is untrusted until row mapping validates it.
 */

/** A 64-bit integer as either decoder produces it. */
export type OtlpInt64 = { low: number; high: number; unsigned?: boolean } | string | number | bigint | null | undefined;
/** An id: bytes from protobuf, a hex string from JSON. */
export type OtlpId = Uint8Array | string | null | undefined;

/** `common.v1.AnyValue`. */
export interface OtlpAnyValue {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: OtlpInt64;
  doubleValue?: number | string | null;
  arrayValue?: { values?: OtlpAnyValue[] | null } | null;
  kvlistValue?: { values?: OtlpKeyValue[] | null } | null;
  bytesValue?: Uint8Array | string | null;
}

/** `common.v1.KeyValue`. */
export interface OtlpKeyValue {
  key?: string | null;
  value?: OtlpAnyValue | null;
}

/** `trace.v1.Span`. */
export interface OtlpSpan {
  traceId?: OtlpId;
  spanId?: OtlpId;
  traceState?: string | null;
  parentSpanId?: OtlpId;
  name?: string | null;
  kind?: number | string | null;
  startTimeUnixNano?: OtlpInt64;
  endTimeUnixNano?: OtlpInt64;
  attributes?: OtlpKeyValue[] | null;
  events?: Array<{ timeUnixNano?: OtlpInt64; name?: string | null; attributes?: OtlpKeyValue[] | null }> | null;
  links?: Array<{ traceId?: OtlpId; spanId?: OtlpId; traceState?: string | null; attributes?: OtlpKeyValue[] | null }> | null;
  status?: { code?: number | string | null; message?: string | null } | null;
}

/** `collector.trace.v1.ExportTraceServiceRequest`. */
export interface OtlpExportRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpKeyValue[] | null } | null;
    scopeSpans?: Array<{
      scope?: { name?: string | null; version?: string | null } | null;
      spans?: OtlpSpan[] | null;
    }> | null;
  }> | null;
}
