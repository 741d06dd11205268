/**
 * Every bad input gets its status and a message naming the problem, the process stays up, and nothing from a rejected
 * request is stored. Also: the official OTLP/JSON example (upper-case ids, 2018 timestamps) is accepted and readable.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeOtlpProtoResponse, decodeOtlpProtoStatus, encodeOtlpProtoRequest } from '../../collector/ingest/otlpProtoCodec.js';
import { InMemorySpanStore } from '../../collector/store/InMemorySpanStore.js';
import { jsonRequest, jsonSpan, postJson, randomHex } from '../support/otlpRequests.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

// The OTLP/JSON example published with opentelemetry-proto (examples/trace.json, Apache-2.0), as in shared/fixtures.
const FIXTURE = new URL('../fixtures/otlp-example-trace.json', import.meta.url);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ maxBodyBytes: 64 * 1024 });
});
afterAll(() => stopTestServer(server));

async function storedSpanCount(): Promise<number> {
  return server.store.countSpans();
}

describe('OTLP receiver on bad input', () => {
  it('accepts the official OTLP/JSON example and serves its trace by id in either case', async () => {
    const res = await postJson(server.otlpUrl, readFileSync(FIXTURE, 'utf8'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    for (const id of ['5B8EFFF798038103D269B633813FC60C', '5b8efff798038103d269b633813fc60c']) {
      const chain = await (await fetch(`${server.apiUrl}/api/chains/trace/${id}`)).json();
      expect(chain.nodes).toHaveLength(1);
      expect(chain.nodes[0]).toMatchObject({
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
        name: "I'm a server span",
        start: '2018-12-13T14:51:00.000Z',
        durationNs: 1_000_000_000,
      });
    }
  });

  it('answers 415 naming the content type it does not accept, and stores nothing', async () => {
    const before = await storedSpanCount();
    const res = await fetch(`${server.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
    expect((await res.json()).message).toMatch(/text\/plain/);
    expect(await storedSpanCount()).toBe(before);
  });

  it('answers 400 with a protobuf Status for a malformed protobuf body', async () => {
    const res = await fetch(`${server.otlpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/x-protobuf/);
    const status = decodeOtlpProtoStatus(new Uint8Array(await res.arrayBuffer()));
    expect(status.message).toMatch(/malformed protobuf/);
  });

  it('answers 400 naming the problem for malformed JSON and for a wrong structure', async () => {
    const before = await storedSpanCount();
    const bad = await postJson(server.otlpUrl, '{"resourceSpans": [');
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/malformed JSON/);
    const wrong = await postJson(server.otlpUrl, { resourceSpans: [{ scopeSpans: [{ spans: { not: 'a list' } }] }] });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).message).toMatch(/resourceSpans\[0\]\.scopeSpans\[0\]\.spans: expected an array/);
    expect(await storedSpanCount()).toBe(before);
  });

  it('drops invalid spans, stores the valid ones and reports partial success', async () => {
    const good = jsonSpan();
    const res = await postJson(
      server.otlpUrl,
      jsonRequest([good, jsonSpan({ traceId: 'abc' }), jsonSpan({ spanId: undefined }), jsonSpan({ traceId: '0'.repeat(32) })]),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.partialSuccess.rejectedSpans).toBe('3');
    expect(body.partialSuccess.errorMessage).toMatch(/trace_id must be 16 non-zero bytes/);
    expect(body.partialSuccess.errorMessage).toMatch(/span_id must be 8 non-zero bytes/);
    const stored = await server.store.getTraces([good.traceId as string]);
    expect(stored.map((r) => r.spanId)).toEqual([good.spanId]);
  });

  it('drops spans dated past what the store holds, without failing the spans stored with them', async () => {
    // 2^64 - 1 ns (year 2554) and an event in 2300: ClickHouse's DateTime64(9) ends in 2262. Stored as they came,
    // they failed the whole insert, and with it the spans of any request sharing it.
    const future = jsonSpan({ startTimeUnixNano: '18446744073709551615', endTimeUnixNano: '18446744073709551615' });
    const lateEvent = jsonSpan({ events: [{ timeUnixNano: String(BigInt(Date.UTC(2300, 0, 1)) * 1_000_000n), name: 'e' }] });
    const good = jsonSpan();
    const other = jsonSpan();
    const [res, otherRes] = await Promise.all([
      postJson(server.otlpUrl, jsonRequest([future, good, lateEvent])),
      postJson(server.otlpUrl, jsonRequest([other], 'another-client')),
    ]);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.partialSuccess.rejectedSpans).toBe('2');
    expect(body.partialSuccess.errorMessage).toMatch(/start time 18446744073709551615 ns is after 2262-04-11T23:47:16Z/);
    expect(body.partialSuccess.errorMessage).toMatch(/event time \d+ ns is after 2262-04-11T23:47:16Z/);
    expect(otherRes.status).toBe(200);
    for (const span of [good, other]) expect(await server.store.getTraces([span.traceId as string])).toHaveLength(1);
    expect(await server.store.getTraces([future.traceId as string, lateEvent.traceId as string])).toEqual([]);
  });

  it('reports partial success in protobuf for a protobuf request', async () => {
    const id = (hex: string) => Buffer.from(hex, 'hex');
    const span = (traceId: Buffer, spanId: Buffer) => ({
      traceId, spanId, name: 'p', kind: 1, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000000000001',
    });
    const traceId = randomHex(16);
    const body = new Uint8Array(encodeOtlpProtoRequest({
      resourceSpans: [{ scopeSpans: [{ spans: [span(id(traceId), id(randomHex(8))), span(id('abcd'), id(randomHex(8)))] }] }],
    }));
    const res = await fetch(`${server.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
    expect(res.status).toBe(200);
    const decoded = decodeOtlpProtoResponse(new Uint8Array(await res.arrayBuffer()));
    expect(decoded.rejectedSpans).toBe(1);
    expect(decoded.errorMessage).toMatch(/trace_id must be 16 non-zero bytes/);
    expect(await server.store.getTraces([traceId])).toHaveLength(1);
  });

  it('answers 413 when the decompressed body exceeds the cap, even if the gzip body is small', async () => {
    const before = await storedSpanCount();
    const huge = jsonRequest([jsonSpan({ attributes: [{ key: 'big', value: { stringValue: 'x'.repeat(200_000) } }] })]);
    const gz = gzipSync(JSON.stringify(huge));
    expect(gz.length).toBeLessThan(64 * 1024);
    const res = await fetch(`${server.otlpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gz,
    });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toMatch(/exceeds the limit of 65536 bytes/);
    expect(await storedSpanCount()).toBe(before);
  });

  it('answers 400 for a corrupt gzip body and 415 for an unknown encoding', async () => {
    const corrupt = await fetch(`${server.otlpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: Buffer.from('definitely not gzip'),
    });
    expect(corrupt.status).toBe(400);
    const unknown = await fetch(`${server.otlpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'snappy' },
      body: Buffer.from('{}'),
    });
    expect(unknown.status).toBe(415);
  });

  it('stays up after all of the above', async () => {
    const span = jsonSpan();
    expect((await postJson(server.otlpUrl, jsonRequest([span]))).status).toBe(200);
    expect(await server.store.getTraces([span.traceId as string])).toHaveLength(1);
  });
});

describe('OTLP receiver when storage fails or is saturated', () => {
  it('answers 503 with Retry-After when the insert fails, and a retry stores the spans exactly once', async () => {
    const store = new InMemorySpanStore();
    const s = await startTestServer({ store });
    try {
      store.failNextInserts = 1;
      const request = jsonRequest([jsonSpan(), jsonSpan()]);
      const failed = await postJson(s.otlpUrl, request);
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await failed.json()).message).toMatch(/nothing of this request was stored/);
      expect(store.rows).toHaveLength(0);
      const retried = await postJson(s.otlpUrl, request);
      expect(retried.status).toBe(200);
      expect(store.rows).toHaveLength(2);
    } finally {
      await stopTestServer(s);
    }
  });

  it('answers 429 with Retry-After instead of queueing without limit, and stores every acknowledged span', async () => {
    const store = new InMemorySpanStore();
    store.insertDelayMs = 200;
    const s = await startTestServer({ store, batch: { maxPendingRows: 10, maxBatchRows: 5, maxBatchDelayMs: 5 } });
    try {
      const requests = Array.from({ length: 12 }, () => jsonRequest([jsonSpan(), jsonSpan(), jsonSpan()]));
      const responses = await Promise.all(requests.map((r) => postJson(s.otlpUrl, r)));
      const statuses = responses.map((r) => r.status);
      expect(statuses).toContain(429);
      expect(statuses).toContain(200);
      for (const r of responses.filter((x) => x.status === 429)) expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
      const acknowledged = responses.filter((r) => r.status === 200).length * 3;
      expect(store.rows).toHaveLength(acknowledged);
    } finally {
      await stopTestServer(s);
    }
  });

  it('requires the bearer token when one is configured, and stores nothing without it', async () => {
    const store = new InMemorySpanStore();
    const s = await startTestServer({ store, flags: { ingestToken: 's3cret' } });
    try {
      const request = jsonRequest([jsonSpan()]);
      const missing = await postJson(s.otlpUrl, request);
      expect(missing.status).toBe(401);
      expect((await missing.json()).message).toBe('missing or invalid bearer token');
      expect((await postJson(s.otlpUrl, request, { authorization: 'Bearer wrong' })).status).toBe(401);
      expect(store.rows).toHaveLength(0);
      expect((await postJson(s.otlpUrl, request, { authorization: 'Bearer s3cret' })).status).toBe(200);
      expect(store.rows).toHaveLength(1);
    } finally {
      await stopTestServer(s);
    }
  });
});
