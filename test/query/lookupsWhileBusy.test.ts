/**
 * The quick lookups answer at once while embedded ClickHouse is busy with a long analysis query (a connection runs one
 * statement at a time, and queries with bound parameters run one at a time in the process): `/api/health` with the
 * exact span count, and the customer debugger's reads (customers, timeline, chain, conflicts, a span), on a connection
 * of their own without bound parameters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseSpanStore } from '../../collector/store/ClickHouseSpanStore.js';
import { jsonRequest, jsonSpan, postJson, randomHex } from '../support/otlpRequests.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ flags: { weeklyKeepInterval: 'off' } });
});
afterAll(() => stopTestServer(server));

async function timedGet(path: string): Promise<{ ms: number; body: unknown }> {
  const started = performance.now();
  const res = await fetch(`${server.apiUrl}${path}`);
  expect(res.status, path).toBe(200);
  return { ms: performance.now() - started, body: await res.json() };
}

/** Holds the store with a 3 s query with bound parameters, as the analyses have, until the returned promise settles. */
function holdStore(): Promise<string> {
  return (server.store as ClickHouseSpanStore).client
    .query({
      query: 'SELECT sleepEachRow(1) FROM numbers(3) WHERE number != {never:UInt64} SETTINGS function_sleep_max_microseconds_per_block = 5000000',
      query_params: { never: 99 },
    })
    .then((rs) => rs.text());
}

describe('quick lookups while the store is busy', () => {
  it('answer /api/health at once with the exact count', async () => {
    const busy = holdStore();
    await new Promise((r) => setTimeout(r, 300));
    // Spans acknowledged while the query runs (inserts have a connection of their own too) are counted.
    expect((await postJson(server.otlpUrl, jsonRequest([jsonSpan(), jsonSpan(), jsonSpan()]))).status).toBe(200);
    const health = await timedGet('/api/health');
    expect(health.ms).toBeLessThan(1_000);
    expect(health.body).toEqual({ status: 'ok', storage: 'embedded', spans: 3 });
    await busy;
  });

  it('read a chain through tens of thousands of traces (their ids written into the query text)', async () => {
    const store = server.store as ClickHouseSpanStore;
    const span = jsonSpan();
    expect((await postJson(server.otlpUrl, jsonRequest([span]))).status).toBe(200);
    const ids = [...Array.from({ length: 30_000 }, () => randomHex(16)), span.traceId as string];
    expect((await store.getChainSpans(ids)).map((s) => s.spanId)).toEqual([span.spanId]);
    expect(await store.getLinkingTraceIds(ids)).toEqual([]);
  });

  it("answer the customer debugger's reads at once, whatever characters the customer id holds", async () => {
    // The lookups write their values into the SQL text: quotes, backslashes and NUL must stay data.
    const customer = `o'brien\\' OR 1=1 --\u0000 "x"`;
    const traceA = randomHex(16);
    const parent = jsonSpan({ traceId: traceA, attributes: [{ key: 'flexix.customer.id', value: { stringValue: customer } }] });
    const reaction = jsonSpan({
      attributes: [{ key: 'flexix.customer.id', value: { stringValue: customer } }],
      links: [{ traceId: traceA, spanId: parent.spanId }],
    });
    const other = jsonSpan({ attributes: [{ key: 'flexix.customer.id', value: { stringValue: "o'brien" } }] });
    expect((await postJson(server.otlpUrl, jsonRequest([parent, reaction, other]))).status).toBe(200);
    const since = `from=${Date.now() - 3_600_000}`;
    const id = encodeURIComponent(customer);
    const paths = [
      `/api/chains?customer=${id}&${since}`,
      `/api/customers/${id}/timeline?${since}`,
      `/api/customers?search=${encodeURIComponent("o'brien")}&${since}`,
      `/api/conflicts?customer=${id}&${since}`,
      `/api/spans/${parent.traceId}/${parent.spanId}`,
    ];
    const before = await Promise.all(paths.map(async (path) => (await timedGet(path)).body));
    const chain = before[0] as { nodes: Array<{ spanId: string }>; edges: Array<{ kind: string }> };
    expect(chain.nodes.map((n) => n.spanId).sort()).toEqual([parent.spanId, reaction.spanId].sort());
    expect(chain.edges.map((e) => e.kind)).toEqual(['link']);
    expect((before[1] as { spans: unknown[] }).spans).toHaveLength(2);
    expect((before[2] as { customers: Array<{ customerId: string }> }).customers.map((c) => c.customerId).sort()).toEqual(["o'brien", customer].sort());

    const busy = holdStore();
    await new Promise((r) => setTimeout(r, 300));
    for (const [i, path] of paths.entries()) {
      const during = await timedGet(path);
      expect(during.ms, path).toBeLessThan(1_000);
      expect(during.body, path).toEqual(before[i]);
    }
    await busy;
  });
});
