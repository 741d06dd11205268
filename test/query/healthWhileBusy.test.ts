/**
 * `/api/health` answers at once, with the exact span count, while embedded ClickHouse is busy with a long analysis
 * query (a connection runs one statement at a time, and queries with bound parameters run one at a time in the
 * process): its count runs on a connection of its own, without parameters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseSpanStore } from '../../collector/store/ClickHouseSpanStore.js';
import { jsonRequest, jsonSpan, postJson } from '../support/otlpRequests.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ flags: { weeklyKeepInterval: 'off' } });
});
afterAll(() => stopTestServer(server));

async function health(): Promise<{ ms: number; body: unknown }> {
  const started = performance.now();
  const res = await fetch(`${server.apiUrl}/api/health`);
  expect(res.status).toBe(200);
  return { ms: performance.now() - started, body: await res.json() };
}

describe('/api/health while the store is busy', () => {
  it('answers at once with the exact count while a 3 s query holds the store', async () => {
    const busy = (server.store as ClickHouseSpanStore).client
      .query({
        // Bound parameters, as the analyses have.
        query: 'SELECT sleepEachRow(1) FROM numbers(3) WHERE number != {never:UInt64} SETTINGS function_sleep_max_microseconds_per_block = 5000000',
        query_params: { never: 99 },
      })
      .then((rs) => rs.text());
    await new Promise((r) => setTimeout(r, 300));
    // Spans acknowledged while the query runs (inserts have a connection of their own too) are counted.
    expect((await postJson(server.otlpUrl, jsonRequest([jsonSpan(), jsonSpan(), jsonSpan()]))).status).toBe(200);
    const during = await health();
    expect(during.ms).toBeLessThan(1_000);
    expect(during.body).toEqual({ status: 'ok', storage: 'embedded', spans: 3 });
    await busy;
  });
});
