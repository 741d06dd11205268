/**
 * Chains through the API: a chain that crosses traces through links comes back whole from either end, link cycles
 * terminate, customer chains honour the time range, and bad parameters get a 4xx naming them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRequest, jsonSpan, postJson, randomHex } from '../support/otlpRequests.js';
import type { ClickHouseSpanStore } from '../../collector/store/ClickHouseSpanStore.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

let server: TestServer;
const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);
const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);

/** A span of the chain fixture: agent, customer, time and optional parent/links. */
function span(traceId: string, spanId: string, atMs: number, extra: Record<string, unknown> = {}) {
  return jsonSpan({
    traceId,
    spanId,
    startTimeUnixNano: ns(atMs),
    endTimeUnixNano: ns(atMs + 5),
    ...extra,
  });
}
const link = (traceId: string, spanId: string, type?: string) => ({
  traceId,
  spanId,
  attributes: type ? [{ key: 'flexix.link.type', value: { stringValue: type } }] : [],
});

// Trace A: the supplier's out-of-stock event (root a1, child a2).
// Trace B: the inventory agent reacting to a2 (link B → A).
// Trace C: the loyalty agent reacting to B (link C → B).
// Trace D and E link to each other: a link cycle.
const A = randomHex(16), B = randomHex(16), C = randomHex(16), D = randomHex(16), E = randomHex(16);
const [a1, a2, b1, c1, d1, e1] = Array.from({ length: 6 }, () => randomHex(8));

beforeAll(async () => {
  server = await startTestServer();
  const res = await postJson(
    server.otlpUrl,
    jsonRequest([
      span(A, a1!, T0),
      span(A, a2!, T0 + 1, { parentSpanId: a1 }),
      span(B, b1!, T0 + 60_000, { links: [link(A, a2!)] }),
      span(C, c1!, T0 + 120_000, { links: [link(B, b1!)] }),
      span(D, d1!, T0 + 200_000, { links: [link(E, e1!)] }),
      span(E, e1!, T0 + 300_000, { links: [link(D, d1!)] }),
    ]),
  );
  expect(res.status).toBe(200);
});
afterAll(() => stopTestServer(server));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field below
async function getJson(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.apiUrl}${path}`);
  return { status: res.status, body: await res.json() };
}

describe('GET /api/chains/trace/:traceId', () => {
  it('returns the whole chain across traces from the first trace (forward links)', async () => {
    const { status, body } = await getJson(`/api/chains/trace/${A}`);
    expect(status).toBe(200);
    expect(body.nodes.map((n: { spanId: string }) => n.spanId).sort()).toEqual([a1, a2, b1, c1].sort());
    expect(body.edges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: a1, to: a2, kind: 'parent' }),
        expect.objectContaining({ from: a2, to: b1, kind: 'link' }),
        expect.objectContaining({ from: b1, to: c1, kind: 'link' }),
      ]),
    );
    expect(body.truncated).toBe(false);
  });

  it('returns the same chain from the last trace (back-links), with upper-case ids accepted', async () => {
    const { body } = await getJson(`/api/chains/trace/${C.toUpperCase()}`);
    expect(body.nodes.map((n: { spanId: string }) => n.spanId).sort()).toEqual([a1, a2, b1, c1].sort());
    expect(body.nodes.every((n: { traceId: string }) => n.traceId === n.traceId.toLowerCase())).toBe(true);
  });

  it('terminates on a link cycle and marks it', async () => {
    const { status, body } = await getJson(`/api/chains/trace/${D}`);
    expect(status).toBe(200);
    expect(body.nodes).toHaveLength(2);
    expect(body.edges).toHaveLength(2);
    expect(body.edges.some((e: { cycle?: boolean }) => e.cycle)).toBe(true);
  });

  it('reports truncation instead of silently cutting', async () => {
    const { body } = await getJson(`/api/chains/trace/${A}?limit=2`);
    expect(body.truncated).toBe(true);
    expect(body.nodes.length).toBeLessThanOrEqual(2);
  });

  it('answers 404 for an unknown trace and 400 naming traceId for a malformed one', async () => {
    const missing = await getJson(`/api/chains/trace/${randomHex(16)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatch(/traceId/);
    const bad = await getJson('/api/chains/trace/xyz');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^traceId: /);
  });
});

describe('GET /api/chains?customer=', () => {
  it("returns the chains of the customer's spans in the time range", async () => {
    const { status, body } = await getJson(`/api/chains?customer=cust-1&from=${T0 - 1000}&to=${new Date(T0 + 90_000).toISOString()}`);
    expect(status).toBe(200);
    // Spans of A and B are in range; the chain also brings C (linked from B) even though C is later.
    expect(body.nodes.map((n: { spanId: string }) => n.spanId).sort()).toEqual([a1, a2, b1, c1].sort());
  });

  it('returns an empty chain for a customer without spans', async () => {
    const { body } = await getJson(`/api/chains?customer=nobody&from=${T0 - 1000}&to=${T0 + 1_000_000}`);
    expect(body).toMatchObject({ nodes: [], edges: [], truncated: false });
  });

  it('names the parameter that is wrong', async () => {
    expect((await getJson('/api/chains')).body.error).toMatch(/^customer: required/);
    expect((await getJson('/api/chains?customer=x&from=yesterday')).body.error).toMatch(/^from: /);
    expect((await getJson(`/api/chains?customer=x&from=${T0}&to=${T0 - 1}`)).status).toBe(400);
    expect((await getJson('/api/chains?customer=x&limit=0')).body.error).toMatch(/^limit: /);
    expect((await getJson('/api/nope')).status).toBe(404);
  });
});

describe('chains of spans stored before the trace-ordered access path', () => {
  it('are read from otel_traces, whole and the same, span details too', async () => {
    const before = (await getJson(`/api/chains/trace/${A}`)).body;
    const details = await getJson(`/api/spans/${A}/${a2}`);
    expect(details.status).toBe(200);
    expect(details.body).toMatchObject({ traceId: A, spanId: a2 });
    const store = server.store as ClickHouseSpanStore;
    await store.client.command({ query: `TRUNCATE TABLE \`${store.database}\`.flexix_trace_spans` });
    const after = (await getJson(`/api/chains/trace/${A}`)).body;
    expect(after.nodes.length).toBe(4);
    expect(after).toEqual(before);
    expect((await getJson(`/api/spans/${A}/${a2}`)).body).toEqual(details.body);
  });
});

