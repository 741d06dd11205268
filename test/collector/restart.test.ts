/**
 * Restarting on the same data directory keeps every stored span, and shutdown stores what was pending; the running
 * week's figures kept at shutdown are read back by the next start instead of computed again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isoWeekOf } from '../../collector/analysis/isoWeek.js';
import { message, toSpanRow } from '../fixtures/analysis/build.js';
import { jsonRequest, jsonSpan, postJson } from '../support/otlpRequests.js';
import { makeTempDir, startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

let second: TestServer | undefined;
let restarted: TestServer | undefined;
afterAll(async () => {
  await stopTestServer(second);
  await stopTestServer(restarted);
});

describe('restart on the same --data', () => {
  it('keeps everything stored before the restart', async () => {
    const dataDir = makeTempDir();
    // A long batch delay leaves the spans pending in the writer; closing must still store them.
    const first = await startTestServer({ dataDir, batch: { maxBatchDelayMs: 60_000 } });
    const spans = Array.from({ length: 50 }, () => jsonSpan());
    const acked = postJson(first.otlpUrl, jsonRequest(spans));
    await new Promise((r) => setTimeout(r, 100));
    const closing = first.close();
    expect((await acked).status).toBe(200);
    await closing;

    second = await startTestServer({ dataDir });
    expect(await second.store.countSpans()).toBe(50);
    const stored = await second.store.getTraces(spans.map((s) => s.traceId as string));
    expect(stored.map((r) => r.spanId).sort()).toEqual(spans.map((s) => s.spanId as string).sort());
    // Where a demo started again continues from.
    const newest = Math.max(...spans.map((s) => Number(BigInt(s.startTimeUnixNano as string) / 1_000_000n)));
    expect(await second.store.getLatestSpanMs()).toBe(newest);
    // One data directory per process (chDB).
    await stopTestServer(second);
    second = undefined;
  });

  it("reads the running week's figures kept at shutdown", async () => {
    const dataDir = makeTempDir();
    const now = Date.now();
    const weekly = async (server: TestServer) => (await fetch(`${server.apiUrl}/api/reports/weekly?week=${isoWeekOf(now)}`)).json();
    const first = await startTestServer({ dataDir, flags: { weeklyKeepInterval: 'off' } });
    const spans = [message('c-1', 'care', 'apologize', now - 60_000), message('c-1', 'marketing', 'promote', now - 30_000)];
    await first.store.insertEncoded([first.store.encodeSpans(spans.map(toSpanRow))]);
    const report = await weekly(first);
    await first.close();

    const logged: string[] = [];
    const log = (line: string) => void logged.push(line);
    // The background pass at once, to see it read the figures kept.
    restarted = await startTestServer({ dataDir, weekKeeperFirstDelayMs: 0, logger: { info: log, warn: log, error: log } });
    await expect.poll(() => logged.filter((l) => l.startsWith('running week')), { timeout: 30_000 }).toEqual([
      'running week figures read from the store and brought up to date',
    ]);
    expect(await weekly(restarted)).toEqual(report);
  });
});
