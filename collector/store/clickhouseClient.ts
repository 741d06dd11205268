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

/** Creates a client for the target. The embedded data directory is created if missing. */
export function createClickHouseClient(target: ClickHouseTarget): ClickHouseClient {
  if (target.kind === 'embedded') {
    const path = resolve(target.dataDir);
    mkdirSync(path, { recursive: true });
    // The chDB connection implements the client's Connection seam; its type comes from the client's own common
    // package, which the client does not re-export under the same name.
    return createClient({ connection: createChdbConnection({ path }) } as Parameters<typeof createClient>[0]);
  }
  return createClient({
    url: target.url,
    username: target.username,
    password: target.password,
    request_timeout: 60_000,
    compression: { request: false, response: true },
  });
}
