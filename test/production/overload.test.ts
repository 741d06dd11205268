/**
 * Overload for a minute: far more traffic than the collector stores (at least twice its sustainable rate, checked).
 * It answers 429/503 with Retry-After instead of queueing, its resident memory stays under 1 GiB, and exactly the
 * acknowledged spans are stored (a refused request stores nothing). `FLEXIX_OVERLOAD_SECONDS` shortens the run
 * for local work; CI runs the full 60 s.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeRowsAsOtlpProto } from '../../bench/otlpRequests.js';
import { makeSyntheticSpanRows } from '../../bench/syntheticSpans.js';
import { peakRssMiB, startCliServer, stopCliServer, type CliServer } from '../support/cliServer.js';
import { makeTempDir } from '../support/testServer.js';

const SECONDS = Number(process.env.FLEXIX_OVERLOAD_SECONDS ?? 60);
const RSS_LIMIT_MIB = 1024;
const SPANS_PER_REQUEST = 1000;
const SENDERS = 48;
/** A refused sender waits this long before trying again: it keeps offering load without spinning a CPU core. */
const REFUSED_PAUSE_MS = 25;

const dataDir = makeTempDir('flexix-overload-');
let server: CliServer | undefined;
afterAll(async () => {
  if (server) await stopCliServer(server);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('overload', () => {
  it(`refuses with 429/503 + Retry-After for ${SECONDS} s, stays under ${RSS_LIMIT_MIB} MiB and stores exactly what it acknowledged`, async () => {
    expect(SECONDS, 'FLEXIX_OVERLOAD_SECONDS').toBeGreaterThan(0);
    server = await startCliServer(dataDir, ['--max-pending-spans', '20000']);
    const bodies = encodeRowsAsOtlpProto(makeSyntheticSpanRows(60 * SPANS_PER_REQUEST, 11, Date.now() - 60_000), SPANS_PER_REQUEST);
    const statuses = new Map<number, number>();
    let acknowledged = 0;
    let offered = 0;
    let retryAfterMissing = 0;
    let next = 0;
    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    // 48 senders with 1,000 spans each in flight: more than twice the 20,000 spans the collector lets wait.
    const sender = async () => {
      while (Date.now() < deadline) {
        const body = bodies[next++ % bodies.length]!;
        offered += SPANS_PER_REQUEST;
        const res = await fetch(`${server!.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200) {
          acknowledged += SPANS_PER_REQUEST;
          continue;
        }
        if (!res.headers.get('retry-after')) retryAfterMissing++;
        await new Promise((r) => setTimeout(r, REFUSED_PAUSE_MS));
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
    const elapsedS = (Date.now() - started) / 1000;
    const rss = peakRssMiB(server.child.pid!);
    const health = (await (await fetch(`${server.apiUrl}/api/health`)).json()) as { spans: number };
    console.log(
      `overload ${SECONDS} s: statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${acknowledged} spans acknowledged, ` +
        `${health.spans} stored, offered ${Math.round(offered / elapsedS)} spans/s for ${Math.round(acknowledged / elapsedS)} stored/s, ` +
        `peak RSS ${Math.round(rss)} MiB`,
    );

    expect(statuses.get(429) ?? 0).toBeGreaterThan(0);
    expect([...statuses.keys()].every((s) => s === 200 || s === 429 || s === 503)).toBe(true);
    expect(retryAfterMissing).toBe(0);
    // The load is an overload: at least twice what the collector could store over the run.
    expect(offered).toBeGreaterThanOrEqual(2 * acknowledged);
    expect(rss).toBeLessThan(RSS_LIMIT_MIB);
    expect(health.spans).toBe(acknowledged);
  }, (SECONDS + 60) * 1000);
});
