import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { DiscardingProtobufExporter } from './DiscardingProtobufExporter.js';

/** Default OTLP/HTTP endpoint (CONTRACT §3). */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4318';

/**
 * Where spans go, as plain data so a worker thread can build its own exporter: OTLP/HTTP protobuf to an endpoint,
 * or serialized and dropped (benchmarks).
 */
export type SpanSink = { kind: 'otlp'; endpoint: string } | { kind: 'discard' };

/** Builds the exporter of a sink. */
export function createExporter(sink: SpanSink): SpanExporter {
  if (sink.kind === 'discard') return new DiscardingProtobufExporter();
  return new OTLPTraceExporter({ url: `${sink.endpoint.replace(/\/+$/, '')}/v1/traces` });
}
