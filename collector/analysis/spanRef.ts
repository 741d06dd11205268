import type { BusinessSpan } from './BusinessSpan.js';

/** A span as the API lists it next to a finding (CONTRACT §4 conflicts shape). */
export interface SpanRef {
  traceId: string;
  spanId: string;
  agent: string;
  /** ISO 8601. */
  start: string;
}

/** Epoch milliseconds → ISO 8601 (UTC, millisecond precision). */
export function toIso(ms: number): string {
  return new Date(Math.floor(ms)).toISOString();
}

/**
 * The actor to show for a span: the `flexix.agent`, else the command journey id, else the service name, so that
 * plain OpenTelemetry spans without Flexix attributes still get a readable label.
 */
export function displayAgent(span: BusinessSpan): string {
  return span.agent ?? span.journeyId ?? span.serviceName;
}

/** The {@link SpanRef} of a span. */
export function toSpanRef(span: BusinessSpan): SpanRef {
  return { traceId: span.traceId, spanId: span.spanId, agent: displayAgent(span), start: toIso(span.startMs) };
}

/**
 * Total order on spans: by start, then causal depth (`flexix.hop`, absent = 0), then trace id, then span id. Ties in
 * time are common with a simulated clock: the hop keeps a chain's reactions in causal order when they share a
 * timestamp, and the ids keep every result deterministic.
 */
export function compareSpans(x: BusinessSpan, y: BusinessSpan): number {
  if (x.startMs !== y.startMs) return x.startMs - y.startMs;
  const hx = x.hop ?? 0;
  const hy = y.hop ?? 0;
  if (hx !== hy) return hx - hy;
  if (x.traceId !== y.traceId) return x.traceId < y.traceId ? -1 : 1;
  if (x.spanId !== y.spanId) return x.spanId < y.spanId ? -1 : 1;
  return 0;
}

/** A stable identity for a span across traces (span ids are only unique within a trace). */
export function spanKey(traceId: string, spanId: string): string {
  return `${traceId}/${spanId}`;
}
