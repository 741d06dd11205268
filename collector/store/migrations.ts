/**
 * Runs the numbered DDL files of `schemas/sql/` in order. Each is idempotent (`IF NOT EXISTS`), so running them at
 * every start is the migration. Identifiers (database, cluster, engine, TTL) are substituted here; values never are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClickHouseClient } from '@clickhouse/client';

const SQL_DIR = fileURLToPath(new URL('../../schemas/sql/', import.meta.url));

/** Options that shape the DDL. */
export interface SchemaOptions {
  /** Database holding every table. */
  database: string;
  /** Run DDL `ON CLUSTER` this cluster and use Replicated engines. */
  cluster?: string;
  /** Drop data older than this many days (TTL on every table). */
  retentionDays?: number;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Renders one migration's template for the given options. */
export function renderMigration(template: string, opts: SchemaOptions): string {
  for (const [key, value] of [['database', opts.database], ['cluster', opts.cluster]] as const) {
    if (value !== undefined && !IDENT.test(value)) throw new Error(`${key} "${value}" is not a valid ClickHouse identifier`);
  }
  return template
    .replaceAll('{db}', `\`${opts.database}\``)
    .replaceAll('{onCluster}', opts.cluster ? `ON CLUSTER \`${opts.cluster}\`` : '')
    .replace(/\{engine:(\w+)\}/g, (_, table: string) =>
      opts.cluster ? `ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/${table}', '{replica}')` : 'MergeTree',
    )
    .replace(/\{ttl:(\w+)\}/g, (_, column: string) =>
      opts.retentionDays ? `TTL toDateTime(${column}) + toIntervalDay(${Math.floor(opts.retentionDays)})` : '',
    );
}

/** The migration files in order, as `{ name, sql }` templates. */
export function listMigrations(): Array<{ name: string; template: string }> {
  return readdirSync(SQL_DIR)
    .filter((f) => /^\d+_.*\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, template: readFileSync(SQL_DIR + name, 'utf8') }));
}

/** Creates the database and runs every migration. */
export async function runMigrations(client: ClickHouseClient, opts: SchemaOptions): Promise<string[]> {
  await client.command({
    query: renderMigration('CREATE DATABASE IF NOT EXISTS {db} {onCluster}', opts),
  });
  const applied: string[] = [];
  for (const m of listMigrations()) {
    await client.command({ query: renderMigration(m.template, opts) });
    applied.push(m.name);
  }
  return applied;
}
