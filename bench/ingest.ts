/**
 * Ingest benchmark: OTLP protobuf posted over several connections to a real `flexix serve` (embedded chDB, separate
 * process) until every span is acknowledged and counted in storage; then, in the same run, the raw rate of inserting
 * the same rows into the same schema through chDB with FORMAT TabSeparated. Prints both, their ratio and the
 * server's peak RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeTsvBody } from '../collector/store/ClickHouseSpanStore.js';
import { connectClickHouse } from '../collector/store/clickhouseClient.js';
import { runMigrations } from '../collector/store/migrations.js';
import { OTEL_TRACES_COLUMNS } from '../collector/store/otelTracesTsv.js';
import { DEFAULT_BATCH_WRITER_OPTIONS } from '../collector/ingest/BatchWriter.js';
import { encodeRowsAsOtlpProto } from './otlpRequests.js';
import { makeSyntheticSpanRows } from './syntheticSpans.js';
import { peakRssMiB, startCliServer, stopCliServer } from '../test/support/cliServer.js';

/** Figures of one ingest benchmark run. */
export interface IngestBenchResult {
  spans: number;
  endToEndSpansPerSecond: number;
  rawSpansPerSecond: number;
  ratio: number;
  serverPeakRssMiB: number;
  retries: number;
}

async function postAll(otlpUrl: string, bodies: Uint8Array<ArrayBuffer>[], connections: number): Promise<number> {
  let next = 0;
  let retries = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      for (;;) {
        const res = await fetch(`${otlpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
        await res.arrayBuffer();
        if (res.status === 200) break;
        if (res.status !== 429 && res.status !== 503) throw new Error(`unexpected status ${res.status}`);
        if (++retries > 10_000) throw new Error(`gave up after ${retries} retries (last status ${res.status})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return retries;
}

async function rawInsertRate(rows: ReturnType<typeof makeSyntheticSpanRows>, batchRows: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'flexix-bench-raw-'));
  const { client, rawTsvInsert } = connectClickHouse({ kind: 'embedded', dataDir: dir });
  try {
    await runMigrations(client, { database: 'flexix' });
    const bodies: Buffer[] = [];
    for (let i = 0; i < rows.length; i += batchRows) bodies.push(encodeTsvBody(rows.slice(i, i + batchRows)));
    const started = performance.now();
    for (const body of bodies) await rawTsvInsert!('flexix.otel_traces', OTEL_TRACES_COLUMNS, body);
    return rows.length / ((performance.now() - started) / 1000);
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the ingest benchmark with `spans` spans over `connections` concurrent connections. */
export async function benchIngest(spans = 400_000, connections = 4, spansPerRequest = 2000): Promise<IngestBenchResult> {
  const rows = makeSyntheticSpanRows(spans);
  const bodies = encodeRowsAsOtlpProto(rows, spansPerRequest);

  const dataDir = mkdtempSync(join(tmpdir(), 'flexix-bench-ingest-'));
  const server = await startCliServer(dataDir, [], {
    nodeArgs: process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean),
    showLogs: true,
  });
  let endToEnd: number;
  let retries: number;
  let rss: number;
  try {
    const started = performance.now();
    retries = await postAll(server.otlpUrl, bodies, connections);
    const health = (await (await fetch(`${server.apiUrl}/api/health`)).json()) as { spans: number };
    const seconds = (performance.now() - started) / 1000;
    if (health.spans !== spans) throw new Error(`stored ${health.spans} spans, expected ${spans}`);
    endToEnd = spans / seconds;
    rss = peakRssMiB(server.child.pid!);
  } finally {
    await stopCliServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const raw = await rawInsertRate(rows, DEFAULT_BATCH_WRITER_OPTIONS.maxBatchRows);
  return { spans, endToEndSpansPerSecond: endToEnd, rawSpansPerSecond: raw, ratio: endToEnd / raw, serverPeakRssMiB: rss, retries };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await benchIngest(Number(process.argv[2] ?? 400_000));
  console.log(JSON.stringify(r, null, 2));
}
