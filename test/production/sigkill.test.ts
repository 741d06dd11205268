/**
 * Durability: spans are acknowledged only once stored, so killing the collector with SIGKILL mid-stream loses none of
 * them. The real `flexix serve` runs as a child process; after the kill it restarts on the same data directory.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonRequest, jsonSpan, postJson } from '../support/otlpRequests.js';
import { startCliServer, stopCliServer, type CliServer } from '../support/cliServer.js';
import { makeTempDir } from '../support/testServer.js';
import { loadServeConfig } from '../../collector/config.js';
import { createStoreFromConfig } from '../../collector/server.js';

const dataDir = makeTempDir('flexix-sigkill-');
let server: CliServer | undefined;
afterAll(async () => {
  if (server) await stopCliServer(server);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('SIGKILL mid-stream', () => {
  it('keeps every acknowledged span exactly once across the kill and restart', async () => {
    server = await startCliServer(dataDir);
    const acknowledged = new Set<string>();
    let killed = false;
    // Four senders post 50-span requests until the process dies under them.
    const sender = async () => {
      for (;;) {
        const spans = Array.from({ length: 50 }, () => jsonSpan());
        try {
          const res = await postJson(server!.otlpUrl, jsonRequest(spans));
          if (res.status === 200) for (const s of spans) acknowledged.add(`${s.traceId}/${s.spanId}`);
        } catch {
          if (killed) return; // connection refused or reset: the collector is gone
        }
      }
    };
    const senders = Array.from({ length: 4 }, sender);
    await new Promise((r) => setTimeout(r, 1500));
    killed = true;
    await stopCliServer(server, 'SIGKILL');
    await Promise.all(senders);
    expect(acknowledged.size).toBeGreaterThan(0);

    server = await startCliServer(dataDir, [], { database: server.database });
    // Read back through the API: every test span belongs to customer cust-1 and was sent in the last minutes.
    const res = await fetch(`${server.apiUrl}/api/chains?customer=cust-1&from=${Date.now() - 600_000}&limit=50000`);
    const chain = (await res.json()) as { nodes: Array<{ traceId: string; spanId: string }>; truncated: boolean };
    expect(chain.truncated).toBe(false);
    const counts = new Map<string, number>();
    for (const n of chain.nodes) counts.set(`${n.traceId}/${n.spanId}`, (counts.get(`${n.traceId}/${n.spanId}`) ?? 0) + 1);
    const missing = [...acknowledged].filter((k) => !counts.has(k));
    const duplicated = [...counts].filter(([, n]) => n > 1);
    console.log(`SIGKILL: ${acknowledged.size} spans acknowledged, ${acknowledged.size - missing.length} found after restart`);
    expect(missing).toEqual([]);
    expect(duplicated).toEqual([]);

    // The chain shows each span once whatever is stored; count the stored rows themselves for duplicates.
    const { database } = server;
    await stopCliServer(server);
    server = undefined;
    // The same storage the process used: its data directory, or its database on the CLICKHOUSE_URL server.
    const store = createStoreFromConfig(loadServeConfig({ data: dataDir }, { ...process.env, CLICKHOUSE_DATABASE: database ?? process.env.CLICKHOUSE_DATABASE }));
    try {
      const rs = await store.client.query({ query: `SELECT count() AS rows, uniqExact(TraceId, SpanId) AS spans FROM \`${store.database}\`.otel_traces`, format: 'JSONEachRow' });
      const [counts] = await rs.json<{ rows: string; spans: string }>();
      expect(Number(counts!.rows)).toBeGreaterThanOrEqual(acknowledged.size);
      expect(Number(counts!.rows)).toBe(Number(counts!.spans));
    } finally {
      await store.close();
    }
  }, 120_000);
});
