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
  /**
   * MergeTree settings applied after the migrations (`ALTER TABLE ... MODIFY SETTING`): `'*'` for every table, a
   * table's name for that table (over `'*'`).
   */
  tableSettings?: Readonly<Record<string, Readonly<Record<string, number>>>>;
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
    // `{engine:table}` is a MergeTree, `{engine:table:Replacing(Version)}` a ReplacingMergeTree keeping the newest row.
    .replace(/\{engine:(\w+)(?::Replacing\((\w+)\))?\}/g, (_, table: string, version: string | undefined) => {
      const kind = version === undefined ? 'MergeTree' : 'ReplacingMergeTree';
      const args = opts.cluster ? [`'/clickhouse/tables/{shard}/{database}/${table}'`, "'{replica}'"] : [];
      if (version !== undefined) args.push(version);
      return `${opts.cluster ? 'Replicated' : ''}${kind}${args.length > 0 ? `(${args.join(', ')})` : ''}`;
    })
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

/** Names of the tables the migrations create (materialized views excluded), in migration order. */
export function listMigrationTables(): string[] {
  return listMigrations().flatMap((m) => [...m.template.matchAll(/CREATE TABLE IF NOT EXISTS \{db\}\.(\w+)/g)].map((x) => x[1]!));
}

/** The `ALTER TABLE` statements applying `opts.tableSettings` (none without settings). */
export function renderTableSettings(opts: SchemaOptions): string[] {
  const bySelector = opts.tableSettings ?? {};
  const tables = listMigrationTables();
  for (const selector of Object.keys(bySelector)) {
    if (selector !== '*' && !tables.includes(selector)) throw new Error(`table settings for "${selector}", which is not one of Flexix's tables`);
  }
  return tables.flatMap((table) => {
    const entries = Object.entries({ ...bySelector['*'], ...bySelector[table] });
    if (entries.length === 0) return [];
    for (const [key, value] of entries) {
      if (!IDENT.test(key) || !Number.isFinite(value)) throw new Error(`table setting ${key} = ${value} is not a plain name and number`);
    }
    const settings = entries.map(([k, v]) => `${k} = ${v}`).join(', ');
    return [renderMigration(`ALTER TABLE {db}.${table} {onCluster} MODIFY SETTING ${settings}`, opts)];
  });
}

/** Thrown when the database fronts a sharded cluster with Distributed tables but one of Flexix's tables is missing. */
export class MissingDistributedTableError extends Error {}

async function tableEngines(client: ClickHouseClient, database: string): Promise<Map<string, string>> {
  const rs = await client.query({
    query: 'SELECT name, engine FROM system.tables WHERE database = {db:String}',
    query_params: { db: database },
    format: 'JSONEachRow',
  });
  return new Map((await rs.json<{ name: string; engine: string }>()).map((t) => [t.name, t.engine]));
}

/**
 * Creates the database and runs every migration; returns the names of the migrations run.
 *
 * When `otel_traces` in the database is a Distributed table, the database fronts a sharded cluster and nothing is
 * created: the tables and materialized views belong in the shards' local database, and a view attached to a
 * Distributed table would run on the node receiving the insert as well as on the shard (every span counted twice).
 * Every table Flexix reads must then exist; the error names those that do not.
 */
export async function runMigrations(client: ClickHouseClient, opts: SchemaOptions): Promise<string[]> {
  await client.command({
    query: renderMigration('CREATE DATABASE IF NOT EXISTS {db} {onCluster}', opts),
  });
  const engines = await tableEngines(client, opts.database);
  if (engines.get('otel_traces') === 'Distributed') {
    const missing = listMigrationTables().filter((t) => !engines.has(t));
    if (missing.length > 0) {
      throw new MissingDistributedTableError(
        `${opts.database}.otel_traces is a Distributed table, but ${missing.map((t) => `${opts.database}.${t}`).join(', ')} ` +
          'does not exist: create it on the shards and a Distributed table in front of it (README, "Running on a ClickHouse cluster")',
      );
    }
    return [];
  }
  const applied: string[] = [];
  for (const m of listMigrations()) {
    await client.command({ query: renderMigration(m.template, opts) });
    applied.push(m.name);
  }
  for (const query of renderTableSettings(opts)) await client.command({ query });
  return applied;
}
