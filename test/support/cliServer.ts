/** Runs the real `flexix serve` command as a child process, as an operator would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../collector/cli/flexix.js', import.meta.url));

/** A running `flexix serve` process. */
export interface CliServer {
  child: ChildProcess;
  otlpUrl: string;
  apiUrl: string;
  /** With `CLICKHOUSE_URL` set: the server database it uses (pass it to the next start to find the same data). */
  database?: string;
}

/** How to run the process: extra Node flags (e.g. `--cpu-prof`) and whether its log (stderr) is shown. */
export interface CliServerOptions {
  nodeArgs?: string[];
  showLogs?: boolean;
  /** With `CLICKHOUSE_URL` set: the database to use (a fresh one by default). */
  database?: string;
}

/**
 * Starts `flexix serve --data DIR --otlp-port 0 --port 0 ...args` and waits for its two listener lines. With
 * `CLICKHOUSE_URL` set the process stores on that server, in a fresh database unless `options.database` names one.
 */
export function startCliServer(dataDir: string, args: string[] = [], options: CliServerOptions = {}): Promise<CliServer> {
  const argv = [...(options.nodeArgs ?? []), CLI, 'serve', '--data', dataDir, '--otlp-port', '0', '--port', '0', ...args];
  const database = process.env.CLICKHOUSE_URL ? (options.database ?? `flexix_test_${process.pid}_${Date.now()}`) : undefined;
  const env = database ? { ...process.env, CLICKHOUSE_DATABASE: database } : process.env;
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', options.showLogs ? 'inherit' : 'ignore'], env });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code, signal) => reject(new Error(`flexix serve exited (${code ?? signal}) before listening`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const otlpUrl = /OTLP\/HTTP listening on (\S+)/.exec(out)?.[1];
      const apiUrl = /UI and API on (\S+)/.exec(out)?.[1];
      if (otlpUrl && apiUrl) {
        child.removeAllListeners('exit');
        resolve({ child, otlpUrl, apiUrl, database });
      }
    });
  });
}

/** Sends a signal and waits for the process to exit. */
export function stopCliServer(server: CliServer, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill(signal);
  });
}

/** Peak resident memory of a running process (Linux `VmHWM`), MiB. */
export function peakRssMiB(pid: number): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}
