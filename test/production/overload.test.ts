/**
 * Overload: far more traffic than the collector stores. It answers 429 with Retry-After instead of queueing, its
 * memory stays bounded, and exactly the acknowledged spans are stored (a refused request stores nothing).
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeRowsAsOtlpProto } from '../../bench/otlpRequests.js';
import { makeSyntheticSpanRows } from '../../bench/syntheticSpans.js';
import { peakRssMiB, startCliServer, stopCliServer, type CliServer } from '../support/cliServer.js';
import { makeTempDir } from '../support/testServer.js';

const dataDir = makeTempDir('flexix-overload-');
let server: CliServer | undefined;
afterAll(async () => {
  if (server) await stopCliServer(server);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('overload', () => {
  it('refuses with 429 + Retry-After, keeps memory bounded and stores exactly what it acknowledged', async () => {
    server = await startCliServer(dataDir, ['--max-pending-spans', '20000']);
    const SPANS = 1000;
    const bodies = encodeRowsAsOtlpProto(makeSyntheticSpanRows(60 * SPANS, 11, Date.now() - 60_000), SPANS);
    const statuses = new Map<number, number>();
    let acknowledged = 0;
    let retryAfterMissing = 0;
    let next = 0;
    const deadline = Date.now() + 10_000;
    // 48 senders, each with 1,000 spans in flight: more than twice the 20,000 the collector lets wait.
    const sender = async () => {
      while (Date.now() < deadline) {
        const body = bodies[next++ % bodies.length]!;
        const res = await fetch(`${server!.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200) acknowledged += SPANS;
        else if (!res.headers.get('retry-after')) retryAfterMissing++;
      }
    };
    await Promise.all(Array.from({ length: 48 }, sender));
    const rss = peakRssMiB(server.child.pid!);
    console.log(`overload: statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${acknowledged} spans acknowledged, peak RSS ${Math.round(rss)} MiB`);

    expect(statuses.get(429) ?? 0).toBeGreaterThan(0);
    expect([...statuses.keys()].every((s) => s === 200 || s === 429)).toBe(true);
    expect(retryAfterMissing).toBe(0);
    // Bounded, not growing with the offered load: about 0.9-1.0 GiB here, most of it the embedded ClickHouse engine.
    expect(rss).toBeLessThan(1536);
    const health = (await (await fetch(`${server.apiUrl}/api/health`)).json()) as { spans: number };
    expect(health.spans).toBe(acknowledged);
  }, 120_000);
});
