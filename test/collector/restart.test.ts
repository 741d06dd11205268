/** Restarting on the same data directory keeps every stored span, and shutdown stores what was pending. */
import { afterAll, describe, expect, it } from 'vitest';
import { jsonRequest, jsonSpan, postJson } from '../support/otlpRequests.js';
import { makeTempDir, startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

let second: TestServer | undefined;
afterAll(() => stopTestServer(second));

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
  });
});
