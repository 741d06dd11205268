/**
 * A span after decoding, before validation: ids already hex (or `null` when malformed), times as bigint (or `null`
 * when not integers), attributes already as stored strings. Both decoders produce it; {@link toSpanRow} validates it.
 */
export interface NormalizedSpan {
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  traceState: string;
  name: string;
  kind: number;
  startNs: bigint | null;
  endNs: bigint | null;
  attributes: Record<string, string>;
  events: Array<{ timeNs: bigint | null; name: string; attributes: Record<string, string> }>;
  links: Array<{ traceId: string | null; spanId: string | null; traceState: string; attributes: Record<string, string> }>;
  statusCode: number;
  statusMessage: string;
}

/** The resource and scope a span was sent under. */
export interface SpanOrigin {
  resourceAttributes: Record<string, string>;
  serviceName: string;
  scopeName: string;
  scopeVersion: string;
}
