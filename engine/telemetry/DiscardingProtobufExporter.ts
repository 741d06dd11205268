import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * Serializes each batch to an OTLP protobuf request exactly as `OTLPTraceExporter` (proto) does, then drops the
 * bytes: benchmarks measure generation plus encoding without a server.
 */
export class DiscardingProtobufExporter implements SpanExporter {
  /** {@inheritDoc SpanExporter.export} */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (!ProtobufTraceSerializer.serializeRequest(spans)) throw new Error('OTLP protobuf serialization produced nothing');
    // Asynchronous like a network exporter, so the batch processor runs its real flow.
    setImmediate(() => resultCallback({ code: ExportResultCode.SUCCESS }));
  }

  /** {@inheritDoc SpanExporter.shutdown} */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
