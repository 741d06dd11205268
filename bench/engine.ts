/**
 * Engine benchmark: spans generated per second by `simulate` of every scenario, export included — each batch is
 * serialized to OTLP protobuf exactly as the OTLP/HTTP proto exporter does, then the bytes are discarded, so the
 * figure measures the engine and the encoding without a server.
 * Run alone: `node --import tsx bench/engine.ts`.
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { pathToFileURL } from 'node:url';
import { simulate } from '../engine/simulate.js';

/** Customers per scenario: sized so that `all` over 28 days produces well over 200k spans. */
const CUSTOMERS = 2500;
const DAYS = 28;

/** Serializes each batch like `OTLPTraceExporter` and drops the bytes. */
class SerializingNullExporter implements SpanExporter {
  bytes = 0;

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const body = ProtobufTraceSerializer.serializeRequest(spans);
    if (!body) throw new Error('OTLP serialization produced nothing');
    this.bytes += body.byteLength;
    // Asynchronous like a network exporter, so the batch processor's flow is the real one.
    setImmediate(() => resultCallback({ code: ExportResultCode.SUCCESS }));
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Runs the benchmark once and returns its figures. */
export async function benchEngine(): Promise<{ spans: number; seconds: number; spansPerSecond: number }> {
  const exporter = new SerializingNullExporter();
  const result = await simulate({ scenario: 'all', customers: CUSTOMERS, days: DAYS, seed: 42, exporter, startMs: Date.UTC(2025, 0, 6) });
  const seconds = result.elapsedMs / 1000;
  return { spans: result.spans, seconds, spansPerSecond: result.spans / seconds };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { spans, seconds, spansPerSecond } = await benchEngine();
  console.log(`engine: ${spans} spans in ${seconds.toFixed(2)} s = ${Math.round(spansPerSecond)} spans/s (OTLP protobuf serialization included)`);
}
