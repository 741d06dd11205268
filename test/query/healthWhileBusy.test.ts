/**
 * `/api/health` answers within a liveness probe's timeout while embedded ClickHouse is busy with a long query (it runs
 * one at a time): with the last span count and when it was counted, then fresh counts again once the store is free.
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

interface Health {
  status: string;
  spans: number;
  spansCountedAt?: string;
}

async function health(): Promise<{ ms: number; body: Health }> {
  const started = performance.now();
  const res = await fetch(`${server.apiUrl}/api/health`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as Health;
  return { ms: performance.now() - started, body };
}

describe('/api/health while the store is busy', () => {
  it('answers in time with the last count, then counts again', async () => {
    expect((await postJson(server.otlpUrl, jsonRequest([jsonSpan(), jsonSpan(), jsonSpan()]))).status).toBe(200);
    let counted = await health();
    for (let i = 0; i < 100 && counted.body.spans < 3; i++) counted = await health();
    expect(counted.body).toEqual({ status: 'ok', storage: 'embedded', spans: 3 });

    // A query that keeps the embedded store busy for 3 s, as a month's journey audit does on a big store.
    const busy = (server.store as ClickHouseSpanStore).client
      .query({ query: 'SELECT sleepEachRow(1) FROM numbers(3) SETTINGS function_sleep_max_microseconds_per_block = 5000000' })
      .then((rs) => rs.text());
    await new Promise((r) => setTimeout(r, 300));
    const during = await health();
    expect(during.ms).toBeLessThan(1_500);
    expect(during.body.spans).toBe(3);
    expect(Date.parse(during.body.spansCountedAt!)).toBeLessThanOrEqual(Date.now() - 300);
    await busy;

    const after = await health();
    expect(after.body).toEqual({ status: 'ok', storage: 'embedded', spans: 3 });
  });
});
