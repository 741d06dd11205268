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
}

/** How to run the process: extra Node flags (e.g. `--cpu-prof`) and whether its log (stderr) is shown. */
export interface CliServerOptions {
  nodeArgs?: string[];
  showLogs?: boolean;
}

/** Starts `flexix serve --data DIR --otlp-port 0 --port 0 ...args` and waits for its two listener lines. */
export function startCliServer(dataDir: string, args: string[] = [], options: CliServerOptions = {}): Promise<CliServer> {
  const argv = [...(options.nodeArgs ?? []), CLI, 'serve', '--data', dataDir, '--otlp-port', '0', '--port', '0', ...args];
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', options.showLogs ? 'inherit' : 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code, signal) => reject(new Error(`flexix serve exited (${code ?? signal}) before listening`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const otlpUrl = /OTLP\/HTTP listening on (\S+)/.exec(out)?.[1];
      const apiUrl = /UI and API on (\S+)/.exec(out)?.[1];
      if (otlpUrl && apiUrl) {
        child.removeAllListeners('exit');
        resolve({ child, otlpUrl, apiUrl });
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
