/**
 * Builds the one `@clickhouse/client` the process uses: embedded chDB through `chdb/connection` for a data
 * directory, or a ClickHouse server for a URL. The rest of the code cannot tell them apart.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { Session } from 'chdb';
import { createChdbConnection } from 'chdb/connection';
import { embeddedEngineArgs, hostMemoryBytes } from './embeddedEngine.js';

/** Where to find ClickHouse. */
export type ClickHouseTarget =
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'server'; url: string; username?: string; password?: string; database?: string };

/**
 * Inserts a TabSeparated body handed over as one Buffer. chDB's connection offers this beside the client: the bytes
 * go to the engine without being copied into a JavaScript string first, which the client's generic insert does.
 * `settings` apply to this insert (`INSERT … SETTINGS`).
 */
export type RawTsvInsert = (table: string, columns: readonly string[], body: Buffer, settings?: InsertSettings) => Promise<void>;

/** ClickHouse settings of one insert. */
export type InsertSettings = Readonly<Record<string, string | number>>;

/** A client, and for embedded chDB its zero-copy insert and a client for quick lookups. */
export interface ClickHouseConnection {
  client: ClickHouseClient;
  rawTsvInsert?: RawTsvInsert;
  /**
   * A client on a connection of its own, for quick reads without bound parameters (the health check's count, the
   * customer debugger's reads): a chDB connection runs one statement at a time, and queries with bound parameters run
   * one at a time in the process, so on the shared connection these waited for any analysis running (a month's
   * journey audit: seconds), failing liveness probes and stalling the debugger. Without parameters they run beside it.
   */
  lookupClient?: ClickHouseClient;
}

/**
 * Creates a client for the target, with the zero-copy insert when it is embedded. The embedded data directory is
 * created if missing, and the engine is started with Flexix's settings (see `embeddedEngine.ts`).
 */
export function connectClickHouse(target: ClickHouseTarget): ClickHouseConnection {
  if (target.kind === 'embedded') {
    const path = resolve(target.dataDir);
    mkdirSync(path, { recursive: true });
    // `createChdbConnection` takes no engine arguments, but the first session on a directory starts the engine with
    // its own, and later sessions on that directory share it. This session exists only for that, and is closed with
    // the client. (If the engine already runs for this directory in this process, its settings stay as they are.)
    const engine = new Session(path, { connectionArgs: embeddedEngineArgs(hostMemoryBytes()) });
    // Inserts get a connection of their own, and so do quick lookups (see `lookupClient`). A chDB connection runs one
    // statement at a time, so on a shared one an analysis query of several seconds (a weekly report over millions of
    // spans) would hold every insert, and with it every OTLP acknowledgement, until it ended; on two they run side by
    // side.
    type ChdbConnection = ReturnType<typeof createChdbConnection>;
    const connections: ChdbConnection[] = [];
    try {
      for (let i = 0; i < 3; i++) connections.push(createChdbConnection({ path }));
    } catch (err) {
      for (const c of connections) void c.close();
      engine.close();
      throw err;
    }
    const [connection, insertConnection, lookupConnection] = connections as [ChdbConnection, ChdbConnection, ChdbConnection];
    // The chDB connection implements the client's Connection seam; its type comes from the client's own common
    // package, which the client does not re-export under the same name.
    const clientOf = (c: ChdbConnection) => createClient({ connection: c } as Parameters<typeof createClient>[0]);
    const client = clientOf(connection);
    const lookupClient = clientOf(lookupConnection);
    const closeClient = client.close.bind(client);
    // Every user releases storage by closing the client, so the engine session ends with it.
    client.close = async () => {
      try {
        await closeClient();
        await lookupClient.close();
        await insertConnection.close();
      } finally {
        engine.close();
      }
    };
    const rawTsvInsert: RawTsvInsert = async (table, columns, body, settings) => {
      await insertConnection.chdb.rawInsert({ table, columns, values: body, format: 'TabSeparated', settings });
    };
    return { client, rawTsvInsert, lookupClient };
  }
  const client = createClient({
    url: target.url,
    username: target.username,
    password: target.password,
    request_timeout: 60_000,
    compression: { request: false, response: true },
    // Analyses pass long lists as parameters (customers, violations' spans: 100,000 ids for 30 days of 10M spans),
    // which would pass the server's URL limit (1 MiB by default): past 4,096 characters they go in the body.
    use_multipart_params_auto: true,
  });
  return { client };
}
