/**
 * `flexix_trace_spans` keeps compact parts at every size (migration 010): a chain reads every column of a few
 * granules there, one read per granule instead of one per column. Checked on a merged part larger than the 100,000 rows
 * from which the table turned to wide parts before.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServeConfig } from '../../collector/config.js';
import { createStoreFromConfig } from '../../collector/server.js';
import type { ClickHouseSpanStore } from '../../collector/store/ClickHouseSpanStore.js';
import { makeTempDir } from '../support/testServer.js';

const SPANS = 150_000;
const dataDir = makeTempDir('flexix-layout-');
let store: ClickHouseSpanStore;

beforeAll(async () => {
  store = createStoreFromConfig(loadServeConfig({ data: dataDir }, {})) as ClickHouseSpanStore;
  await store.migrate();
  const db = store.database;
  await store.client.command({
    query: `INSERT INTO ${db}.otel_traces (Timestamp, TraceId, SpanId, ServiceName, SpanName, SpanAttributes)
      SELECT toDateTime64('2026-11-20 12:00:00', 9) + number, leftPad(lower(hex(sipHash64(intDiv(number, 4)))), 32, '0'),
        leftPad(lower(hex(sipHash64(number))), 16, '0'), 'svc', 'act', map('flexix.customer.id', concat('c-', toString(number % 500)))
      FROM numbers(${SPANS})`,
  });
  await store.client.command({ query: `OPTIMIZE TABLE ${db}.flexix_trace_spans FINAL` });
}, 120_000);
afterAll(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function parts(table: string): Promise<Array<{ part_type: string; rows: string }>> {
  const rs = await store.client.query({
    query: `SELECT part_type, toString(rows) AS rows FROM system.parts WHERE active AND database = {db:String} AND table = {table:String}`,
    query_params: { db: store.database, table },
    format: 'JSONEachRow',
  });
  return rs.json();
}

describe('trace table layout', () => {
  it('keeps compact parts above 100,000 rows', async () => {
    const trace = await parts('flexix_trace_spans');
    expect(trace.reduce((n, p) => n + Number(p.rows), 0)).toBe(SPANS);
    expect(trace.some((p) => Number(p.rows) > 100_000)).toBe(true);
    expect(trace.map((p) => p.part_type)).toEqual(trace.map(() => 'Compact'));
  });
});
