/**
 * Builds the one `@clickhouse/client` the process uses: embedded chDB through `chdb/connection` for a data
 * directory, or a ClickHouse server for a URL. The rest of the code cannot tell them apart.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';

/** Where to find ClickHouse. */
export type ClickHouseTarget =
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'server'; url: string; username?: string; password?: string; database?: string };

/**
 * Inserts a TabSeparated body handed over as one Buffer. chDB's connection offers this beside the client: the bytes
 * go to the engine without being copied into a JavaScript string first, which the client's generic insert does.
 */
export type RawTsvInsert = (table: string, columns: readonly string[], body: Buffer) => Promise<void>;

/** A client, and for embedded chDB its zero-copy insert. */
export interface ClickHouseConnection {
  client: ClickHouseClient;
  rawTsvInsert?: RawTsvInsert;
}

/**
 * Creates a client for the target, with the zero-copy insert when it is embedded. The embedded data directory is
 * created if missing.
 */
export function connectClickHouse(target: ClickHouseTarget): ClickHouseConnection {
  if (target.kind === 'embedded') {
    const path = resolve(target.dataDir);
    mkdirSync(path, { recursive: true });
    const connection = createChdbConnection({ path });
    // The chDB connection implements the client's Connection seam; its type comes from the client's own common
    // package, which the client does not re-export under the same name.
    const client = createClient({ connection } as Parameters<typeof createClient>[0]);
    const rawTsvInsert: RawTsvInsert = async (table, columns, body) => {
      await connection.chdb.rawInsert({ table, columns, values: body, format: 'TabSeparated' });
    };
    return { client, rawTsvInsert };
  }
  const client = createClient({
    url: target.url,
    username: target.username,
    password: target.password,
    request_timeout: 60_000,
    compression: { request: false, response: true },
  });
  return { client };
}
