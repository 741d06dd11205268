/**
 * An analysis that runs out of the store's memory (ClickHouse's `max_memory_usage`, lowered here for the whole
 * embedded session) is answered 503 with `Retry-After` and a message naming the range, not a bare 500; the collector
 * stays up, keeps ingesting, and answers once memory allows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseSpanStore } from '../../collector/store/ClickHouseSpanStore.js';
import { simulate } from '../../engine/simulate.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

let server: TestServer;
const START = Date.UTC(2026, 10, 2);
const range = `from=${START}&to=${START + 8 * 86_400_000}`;

/** Sets ClickHouse's per-query memory limit for every later query of the embedded session (0 = none). */
async function setMaxMemoryUsage(bytes: number): Promise<void> {
  await (server.store as ClickHouseSpanStore).client.command({ query: `SET max_memory_usage = ${bytes}` });
}

beforeAll(async () => {
  server = await startTestServer({ flags: { weeklyKeepInterval: 'off' } });
  await simulate({ scenario: 'all', customers: 20, days: 7, seed: 7, startMs: START, endpoint: server.otlpUrl });
}, 120_000);
afterAll(() => stopTestServer(server));

describe('an analysis past the store memory limit', () => {
  it('is answered 503 with Retry-After and a message naming the range, then answered once memory allows', async () => {
    const before = await fetch(`${server.apiUrl}/api/audit?${range}`);
    expect(before.status).toBe(200);
    const journeys = ((await before.json()) as { journeys: unknown[] }).journeys;
    expect(journeys.length).toBeGreaterThan(0);

    await setMaxMemoryUsage(200_000);
    try {
      const refused = await fetch(`${server.apiUrl}/api/audit?${range}`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('10');
      expect(((await refused.json()) as { error: string }).error).toMatch(/^from\/to: the store ran out of memory/);
    } finally {
      await setMaxMemoryUsage(0);
    }
    const again = await fetch(`${server.apiUrl}/api/audit?${range}`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { journeys: unknown[] }).journeys).toEqual(journeys);
    const health = (await (await fetch(`${server.apiUrl}/api/health`)).json()) as { status: string; spans: number };
    expect(health.status).toBe('ok');
    expect(health.spans).toBeGreaterThan(0);
  });
});
