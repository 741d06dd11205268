/** Schema options become the DDL a cluster or a retention policy needs, and bad identifiers are refused. */
import { describe, expect, it } from 'vitest';
import { listMigrationTables, listMigrations, renderMigration, renderTableSettings } from '../../collector/store/migrations.js';

const traces = () => listMigrations().find((m) => m.name.startsWith('001_'))!.template;

describe('migrations', () => {
  it('are numbered and idempotent', () => {
    const names = listMigrations().map((m) => m.name);
    expect(names).toEqual([...names].sort());
    // Creating what does not exist yet, or setting a column's expression (the same statement again changes nothing).
    for (const m of listMigrations()) expect(m.template).toMatch(/IF NOT EXISTS|MODIFY COLUMN IF EXISTS/);
  });

  it('render plain MergeTree without a TTL by default', () => {
    const sql = renderMigration(traces(), { database: 'flexix' });
    expect(sql).toMatch(/CREATE TABLE IF NOT EXISTS `flexix`\.otel_traces\s+\(/);
    expect(sql).toMatch(/ENGINE = MergeTree/);
    expect(sql).not.toMatch(/TTL/);
    expect(sql).toMatch(/ORDER BY \(ServiceName, SpanName, toDateTime\(Timestamp\), Timestamp\)/);
  });

  it('render ON CLUSTER with Replicated engines and a TTL when asked', () => {
    const sql = renderMigration(traces(), { database: 'otel', cluster: 'prod', retentionDays: 30 });
    expect(sql).toContain('ON CLUSTER `prod`');
    expect(sql).toContain("ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/otel_traces', '{replica}')");
    expect(sql).toContain('TTL toDateTime(Timestamp) + toIntervalDay(30)');
  });

  it('render a ReplacingMergeTree keeping the newest row, replicated on a cluster', () => {
    const running = listMigrations().find((m) => m.name.includes('flexix_running_week'))!.template;
    expect(renderMigration(running, { database: 'flexix' })).toContain('ENGINE = ReplacingMergeTree(KeptAt)');
    expect(renderMigration(running, { database: 'flexix', cluster: 'prod' })).toContain(
      "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/flexix_running_week', '{replica}', KeptAt)",
    );
  });

  it('list the tables they create, views excluded', () => {
    const tables = listMigrationTables();
    expect(tables[0]).toBe('otel_traces');
    expect(tables).toContain('flexix_business_spans');
    expect(tables.some((t) => t.endsWith('_mv'))).toBe(false);
  });

  it('apply table settings to every table or to one, ON CLUSTER when configured, and nothing without settings', () => {
    expect(renderTableSettings({ database: 'flexix' })).toEqual([]);
    const sql = renderTableSettings({
      database: 'flexix',
      cluster: 'prod',
      tableSettings: { '*': { max_parts_to_merge_at_once: 100 }, flexix_trace_spans: { max_parts_to_merge_at_once: 4, index_granularity_bytes: 0 } },
    });
    expect(sql).toHaveLength(listMigrationTables().length);
    expect(sql[0]).toBe('ALTER TABLE `flexix`.otel_traces ON CLUSTER `prod` MODIFY SETTING max_parts_to_merge_at_once = 100');
    expect(sql).toContain('ALTER TABLE `flexix`.flexix_trace_spans ON CLUSTER `prod` MODIFY SETTING max_parts_to_merge_at_once = 4, index_granularity_bytes = 0');
    expect(renderTableSettings({ database: 'flexix', tableSettings: { otel_traces: { max_parts_to_merge_at_once: 4 } } })).toEqual([
      'ALTER TABLE `flexix`.otel_traces  MODIFY SETTING max_parts_to_merge_at_once = 4',
    ]);
    expect(() => renderTableSettings({ database: 'flexix', tableSettings: { '*': { 'x = 1, y': 2 } } })).toThrow(/not a plain name/);
    expect(() => renderTableSettings({ database: 'flexix', tableSettings: { spans: { max_parts_to_merge_at_once: 4 } } })).toThrow(/"spans"/);
  });

  it('refuse identifiers that are not plain names', () => {
    expect(() => renderMigration(traces(), { database: 'x; DROP TABLE y' })).toThrow(/database/);
    expect(() => renderMigration(traces(), { database: 'ok', cluster: 'a b' })).toThrow(/cluster/);
  });
});
