/**
 * Spans sent by the official OpenTelemetry JS exporters (protobuf, JSON, gzip) are stored exactly once in embedded
 * ClickHouse with every field intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode, type HrTime, type Link } from '@opentelemetry/api';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { SpanRow } from '../../schemas/span.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => stopTestServer(server));

/** HrTime → exact ns (the SDK's own helper returns a lossy number). */
const ns = (t: HrTime): bigint => BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);

const KIND_NAMES = ['Internal', 'Server', 'Client', 'Producer', 'Consumer'];

/** Emits a small realistic chain through `exporter` and returns the spans as the SDK recorded them. */
async function emitSpans(exporter: SpanExporter, serviceName: string): Promise<ReadableSpan[]> {
  const recorded = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'deployment.environment': 'test', 'host.cpus': 2 }),
    spanProcessors: [new SimpleSpanProcessor(recorded), new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('flexix-test-scope', '1.2.3');
  const start = Date.UTC(2026, 10, 20, 12, 0, 0);
  const producer = tracer.startSpan('inventory.out_of_stock', {
    kind: SpanKind.PRODUCER,
    startTime: [Math.floor(start / 1000), 123_456_789],
    attributes: {
      'flexix.model': 'network',
      'flexix.agent': 'inventory-agent',
      'flexix.event': 'inventory.out_of_stock',
      'flexix.message.subject': 'sku-42',
      'flexix.hop': 0,
      'stock.ratio': 0.25,
      'stock.empty': true,
      'flexix.context.keys': ['stock.sku-42', 'stock.updated'],
      'quote.test': "it's a \"quoted\"\ttab\nnewline \\ back",
      unicode: 'Grüße ✓ 日本',
    },
  });
  producer.addEvent('supplier.notified', { supplier: 'acme', attempt: 2 }, [Math.floor(start / 1000), 500_000_001]);
  producer.setStatus({ code: SpanStatusCode.ERROR, message: 'supplier failed' });
  producer.end([Math.floor(start / 1000) + 1, 7]);

  const link: Link = { context: producer.spanContext(), attributes: { 'flexix.link.type': 'context_read' } };
  const reaction = tracer.startSpan('loyalty-agent act', {
    kind: SpanKind.CONSUMER,
    startTime: start + 2000,
    links: [link],
    attributes: { 'flexix.agent': 'loyalty-agent', 'flexix.customer.id': 'cust-7', 'flexix.message.intent': 'apologize' },
  });
  const { trace, context } = await import('@opentelemetry/api');
  const child = tracer.startSpan(
    'send email',
    { kind: SpanKind.CLIENT, startTime: start + 2100, attributes: { 'flexix.message.channel': 'email' } },
    trace.setSpan(context.active(), reaction),
  );
  child.setStatus({ code: SpanStatusCode.OK });
  child.end(start + 2150);
  reaction.end(start + 2500);
  await provider.forceFlush();
  // Shutting down clears the in-memory exporter, so take its spans first.
  const finished = recorded.getFinishedSpans();
  await provider.shutdown();
  return finished;
}

function attributeAsStored(v: unknown): string {
  if (Array.isArray(v)) return JSON.stringify(v);
  return String(v);
}

function expectStoredAsSent(stored: SpanRow, sent: ReadableSpan, serviceName: string): void {
  expect(stored.traceId).toBe(sent.spanContext().traceId);
  expect(stored.spanId).toBe(sent.spanContext().spanId);
  expect(stored.parentSpanId).toBe(sent.parentSpanContext?.spanId ?? '');
  expect(stored.spanName).toBe(sent.name);
  expect(stored.spanKind).toBe(KIND_NAMES[sent.kind]);
  expect(stored.serviceName).toBe(serviceName);
  expect(stored.scopeName).toBe('flexix-test-scope');
  expect(stored.scopeVersion).toBe('1.2.3');
  expect(stored.timestampNs).toBe(ns(sent.startTime));
  expect(stored.durationNs).toBe(ns(sent.duration));
  expect(stored.statusCode).toBe(['Unset', 'Ok', 'Error'][sent.status.code]);
  expect(stored.statusMessage).toBe(sent.status.message ?? '');
  expect(stored.spanAttributes).toEqual(
    Object.fromEntries(Object.entries(sent.attributes).map(([k, v]) => [k, attributeAsStored(v)])),
  );
  expect(stored.resourceAttributes).toEqual({ 'service.name': serviceName, 'deployment.environment': 'test', 'host.cpus': '2' });
  expect(stored.events).toEqual(
    sent.events.map((e) => ({
      timestampNs: ns(e.time),
      name: e.name,
      attributes: Object.fromEntries(Object.entries(e.attributes ?? {}).map(([k, v]) => [k, attributeAsStored(v)])),
    })),
  );
  expect(stored.links).toEqual(
    sent.links.map((l) => ({
      traceId: l.context.traceId,
      spanId: l.context.spanId,
      traceState: '',
      attributes: Object.fromEntries(Object.entries(l.attributes ?? {}).map(([k, v]) => [k, attributeAsStored(v)])),
    })),
  );
}

const exporters: Array<[string, (url: string) => SpanExporter]> = [
  ['protobuf', (url) => new ProtoExporter({ url })],
  ['protobuf + gzip', (url) => new ProtoExporter({ url, compression: 'gzip' as never })],
  ['JSON', (url) => new JsonExporter({ url })],
  ['JSON + gzip', (url) => new JsonExporter({ url, compression: 'gzip' as never })],
];

describe('spans from the official OTel JS exporters', () => {
  for (const [label, make] of exporters) {
    it(`stores every field exactly once over ${label}`, async () => {
      const serviceName = `svc-${label.replace(/\W+/g, '-')}`;
      const sent = await emitSpans(make(`${server.otlpUrl}/v1/traces`), serviceName);
      expect(sent).toHaveLength(3);
      const traceIds = [...new Set(sent.map((s) => s.spanContext().traceId))];
      const stored = await server.store.getTraces(traceIds);
      expect(stored).toHaveLength(sent.length);
      for (const s of sent) {
        const row = stored.filter((r) => r.spanId === s.spanContext().spanId);
        expect(row, `span ${s.name} stored once`).toHaveLength(1);
        expectStoredAsSent(row[0]!, s, serviceName);
      }
    });
  }

  it('counts every stored span in /api/health', async () => {
    const res = await fetch(`${server.apiUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', storage: process.env.CLICKHOUSE_URL ? 'server' : 'embedded', spans: 3 * exporters.length });
  });
});
