/**
 * A sharded cluster with Distributed tables in front (README, "Running on a ClickHouse cluster"), played on embedded
 * chDB with a one-shard cluster whose only replica is this process: Flexix writes and reads through the Distributed
 * tables, creates no view of its own there (each span is counted once), and names a missing Distributed table.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'chdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSyntheticSpanRows } from '../../bench/syntheticSpans.js';
import { loopCandidateOptions } from '../../collector/analysis/findFeedbackLoops.js';
import { ClickHouseSpanStore } from '../../collector/store/ClickHouseSpanStore.js';
import { connectClickHouse, type ClickHouseConnection } from '../../collector/store/clickhouseClient.js';
import { listMigrationTables, MissingDistributedTableError, runMigrations } from '../../collector/store/migrations.js';
import { makeTempDir } from '../support/testServer.js';

const dir = makeTempDir('flexix-distributed-');
let engine: Session;
let connection: ClickHouseConnection;

/** The sharding key the README suggests for each table. */
function shardingKey(table: string): string {
  if (table === 'flexix_business_spans' || table === 'flexix_customer_spans') return 'cityHash64(CustomerId)';
  if (table === 'flexix_links_by_target') return 'cityHash64(TargetTraceId)';
  if (table === 'flexix_week_figures' || table === 'flexix_running_week') return 'cityHash64(ContextKey, WeekStart)';
  return 'cityHash64(TraceId)';
}

beforeAll(async () => {
  // `tcp_port` only makes the engine recognise `localhost:9000` as itself; nothing listens.
  const config = join(dir, 'cluster.xml');
  writeFileSync(config, `<clickhouse><tcp_port>9000</tcp_port><remote_servers><flexix_cluster><shard><replica>
    <host>localhost</host><port>9000</port></replica></shard></flexix_cluster></remote_servers></clickhouse>`);
  // The first session starts the engine with these arguments (the settings the README asks of Flexix's user on a
  // cluster); the store's connection shares it.
  engine = new Session(join(dir, 'data'), {
    connectionArgs: [`--config-file=${config}`, '--distributed_foreground_insert=1', '--distributed_product_mode=global'],
  });
  connection = connectClickHouse({ kind: 'embedded', dataDir: join(dir, 'data') });
  await runMigrations(connection.client, { database: 'flexix_local' });
  await connection.client.command({ query: 'CREATE DATABASE IF NOT EXISTS flexix' });
  for (const t of listMigrationTables()) {
    await connection.client.command({
      query: `CREATE TABLE flexix.${t} AS flexix_local.${t} ENGINE = Distributed(flexix_cluster, flexix_local, ${t}, ${shardingKey(t)})`,
    });
  }
});
afterAll(async () => {
  await connection?.client.close();
  engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Distributed tables in front of the shards', () => {
  it('are used as they are: no view is attached to them, every span is stored and counted once', async () => {
    const store = new ClickHouseSpanStore(connection, 'server', { database: 'flexix' });
    expect(await runMigrations(connection.client, { database: 'flexix' })).toEqual([]);
    await store.migrate();
    const views = await connection.client.query({
      query: "SELECT name FROM system.tables WHERE database = 'flexix' AND engine = 'MaterializedView'",
      format: 'JSONEachRow',
    });
    expect(await views.json()).toEqual([]);

    const rows = makeSyntheticSpanRows(2000, 5, Date.now() - 3_600_000);
    await store.insertEncoded([store.encodeSpans(rows)]);
    expect(await store.countSpans()).toBe(2000);
    const counts = await connection.client.query({
      query: 'SELECT (SELECT count() FROM flexix.flexix_business_spans) AS business, (SELECT count() FROM flexix.flexix_customer_spans) AS customer',
      format: 'JSONEachRow',
    });
    expect((await counts.json<{ business: string; customer: string }>()).map((c) => [Number(c.business), Number(c.customer)])).toEqual([[2000, 2000]]);

    // Reads through the Distributed tables, including a subquery over one (distributed_product_mode).
    const traces = await store.getCustomerTraceIds('cust-5-0', Date.now() - 7_200_000, Date.now(), 10);
    expect(traces).toEqual([rows[0]!.traceId]);
    expect(await store.getTraces(traces)).toHaveLength(4);
    expect(await store.getChangeSpans(Date.now() - 7_200_000, Date.now())).toEqual([]);
    // The loop scan's reads (a subquery over the table it reads) give what they give on the shard's own tables.
    const local = new ClickHouseSpanStore(connection, 'server', { database: 'flexix_local' });
    const loopSpans = (s: ClickHouseSpanStore) =>
      s.getLoopScanSpans(Date.now() - 7_200_000, Date.now(), loopCandidateOptions(), ['cust-5-0']).then((spans) => spans.map((x) => x.spanId).sort());
    const scanned = await loopSpans(store);
    expect(scanned.length).toBeGreaterThan(0);
    expect(scanned).toEqual(await loopSpans(local));
  });

  it('names a missing Distributed table instead of creating a local one', async () => {
    await connection.client.command({ query: 'DROP TABLE flexix.flexix_links_by_target' });
    await expect(runMigrations(connection.client, { database: 'flexix' })).rejects.toThrow(MissingDistributedTableError);
    await expect(runMigrations(connection.client, { database: 'flexix' })).rejects.toThrow(/flexix\.flexix_links_by_target does not exist/);
  });
});
