/**
 * The times a stored span (and a query's range) can have, in epoch ms: those of ClickHouse's `DateTime64(9)`, whole
 * seconds (it ends at 2262-04-11T23:47:16.854775807Z).
 */
export const STORABLE_TIMES_MS = { min: Date.UTC(1900, 0, 1), max: Date.UTC(2262, 3, 11, 23, 47, 16) } as const;

/**
 * One stored span, exactly as a row of the OTel Collector `clickhouseexporter` `otel_traces` table:
 * hex ids in lower case, kinds `Internal`/`Server`/..., status `Unset`/`Ok`/`Error`, every attribute value as a string
 * (arrays and maps as JSON), timestamps in nanoseconds since the epoch (as bigint: they exceed 2^53).
 */
export interface SpanRow {
  /** Start time, ns since the epoch. */
  timestampNs: bigint;
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  traceState: string;
  spanName: string;
  spanKind: SpanKindName;
  serviceName: string;
  resourceAttributes: Record<string, string>;
  scopeName: string;
  scopeVersion: string;
  spanAttributes: Record<string, string>;
  /** End minus start, ns. */
  durationNs: bigint;
  statusCode: StatusCodeName;
  statusMessage: string;
  events: SpanEventRow[];
  links: SpanLinkRow[];
}

/** One span event (`Events.*` nested columns). */
export interface SpanEventRow {
  timestampNs: bigint;
  name: string;
  attributes: Record<string, string>;
}

/** One span link (`Links.*` nested columns). */
export interface SpanLinkRow {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: Record<string, string>;
}

/** Span kinds as the exporter spells them, indexed by the OTLP enum value. */
export const SPAN_KIND_NAMES = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'] as const;
/** A span kind as stored. */
export type SpanKindName = (typeof SPAN_KIND_NAMES)[number];

/** Status codes as the exporter spells them, indexed by the OTLP enum value. */
export const STATUS_CODE_NAMES = ['Unset', 'Ok', 'Error'] as const;
/** A status code as stored. */
export type StatusCodeName = (typeof STATUS_CODE_NAMES)[number];
