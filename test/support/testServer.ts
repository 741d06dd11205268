/** Starts a real collector (embedded chDB in a temporary directory, free ports) for integration tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServeConfig, type ServeFlags } from '../../collector/config.js';
import { silentLogger } from '../../collector/logger.js';
import { startServer, type RunningServer, type ServerDeps } from '../../collector/server.js';

/** A running test server and its data directory. */
export interface TestServer extends RunningServer {
  dataDir: string;
}

/** Makes a fresh temporary directory. */
export function makeTempDir(prefix = 'flexix-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Starts a collector. With `CLICKHOUSE_URL` set, the store is that server (a fresh database per call); otherwise
 * embedded chDB in `dataDir` (a new temporary directory by default).
 */
export async function startTestServer(
  opts: Partial<ServerDeps> & { dataDir?: string; flags?: ServeFlags } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? makeTempDir();
  const env = { ...process.env };
  if (env.CLICKHOUSE_URL && !opts.store) env.CLICKHOUSE_DATABASE = `flexix_test_${process.pid}_${Date.now()}`;
  const config = loadServeConfig({ data: dataDir, otlpPort: '0', port: '0', ...opts.flags }, env);
  const server = await startServer(config, { logger: silentLogger, ...opts });
  return { ...server, dataDir };
}

/** Closes the server and removes its data directory. */
export async function stopTestServer(server: TestServer | undefined): Promise<void> {
  if (!server) return;
  await server.close();
  rmSync(server.dataDir, { recursive: true, force: true });
}
