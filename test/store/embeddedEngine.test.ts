/** The embedded engine's memory settings: a fixed dirty-page budget whatever the host's memory, never looser than ClickHouse's default. */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadServeConfig } from '../../collector/config.js';
import { createStoreFromConfig } from '../../collector/server.js';
import { EMBEDDED_DIRTY_PAGES_BUDGET_BYTES, embeddedEngineArgs, hostMemoryBytes } from '../../collector/store/embeddedEngine.js';
import { listMigrationTables } from '../../collector/store/migrations.js';
import { makeTempDir } from '../support/testServer.js';

const GiB = 1024 ** 3;
const ratioOf = (args: string[]) => Number(/--memory_worker_purge_dirty_pages_threshold_ratio=(.+)/.exec(args.join('\n'))![1]);

describe('embedded engine settings', () => {
  it('turn the dirty-page budget into the ratio of the engine memory limit (90 % of the host)', () => {
    for (const memory of [2 * GiB, 8 * GiB, 24 * GiB, 512 * GiB]) {
      const args = embeddedEngineArgs(memory);
      expect(args).toContain('--memory_worker_use_cgroup=0');
      expect(ratioOf(args) * memory * 0.9).toBeCloseTo(EMBEDDED_DIRTY_PAGES_BUDGET_BYTES, -6);
    }
  });

  it('never raise the threshold above ClickHouse default on a tiny host', () => {
    expect(ratioOf(embeddedEngineArgs(128 * 1024 * 1024))).toBe(0.2);
  });

  it('read a positive amount of host memory', () => {
    expect(hostMemoryBytes()).toBeGreaterThan(0);
  });

  it('are what the embedded store runs with: engine arguments and the merge fan-in of every table', async () => {
    const dataDir = makeTempDir('flexix-engine-');
    const store = createStoreFromConfig(loadServeConfig({ data: dataDir }, {}));
    try {
      await store.migrate();
      const rs = await store.client.query({
        query: `SELECT name, value FROM system.server_settings
                WHERE name IN ('memory_worker_use_cgroup', 'memory_worker_purge_dirty_pages_threshold_ratio')`,
        format: 'JSONEachRow',
      });
      const settings = Object.fromEntries((await rs.json<{ name: string; value: string }>()).map((r) => [r.name, r.value]));
      expect(settings).toEqual({ memory_worker_use_cgroup: '0', memory_worker_purge_dirty_pages_threshold_ratio: String(ratioOf(embeddedEngineArgs(hostMemoryBytes()))) });
      const tables = await store.client.query({
        query: `SELECT name, extract(create_table_query, 'max_parts_to_merge_at_once = (\\d+)') AS fanIn
                FROM system.tables WHERE database = 'flexix' AND engine LIKE '%MergeTree'`,
        format: 'JSONEachRow',
      });
      const fanIn = Object.fromEntries((await tables.json<{ name: string; fanIn: string }>()).map((t) => [t.name, t.fanIn]));
      expect(Object.keys(fanIn).sort()).toEqual([...listMigrationTables()].sort());
      for (const table of listMigrationTables()) {
        expect(fanIn[table], table).toBe(['otel_traces', 'flexix_business_spans'].includes(table) ? '4' : '100');
      }
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
