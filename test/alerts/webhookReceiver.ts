/** A local Alertmanager stand-in: records every `POST /api/v2/alerts` body, and can fail the first requests. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertmanagerAlert } from '../../collector/alerts/index.js';

/** One received request. */
export interface ReceivedBatch {
  status: number;
  alerts: AlertmanagerAlert[];
  atMs: number;
}

/** A running receiver. */
export interface WebhookReceiver {
  /** The URL to give as `--alert-webhook`. */
  url: string;
  /** Every request, failed ones included (their `status` is the one answered). */
  batches: ReceivedBatch[];
  /** Alerts of the accepted requests, in arrival order. */
  accepted(): AlertmanagerAlert[];
  /** Resolves with the first accepted alert matching `predicate` (rejects after `timeoutMs`). */
  waitFor(predicate: (alert: AlertmanagerAlert) => boolean, timeoutMs?: number): Promise<{ alert: AlertmanagerAlert; atMs: number }>;
  close(): Promise<void>;
}

/** Starts a receiver on a free port; the first `failFirst` requests are answered `failStatus` (default 503). */
export async function startWebhookReceiver(options: { failFirst?: number; failStatus?: number } = {}): Promise<WebhookReceiver> {
  const batches: ReceivedBatch[] = [];
  const waiters: Array<() => void> = [];
  let toFail = options.failFirst ?? 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = req.method === 'POST' && req.url === '/api/v2/alerts' ? (toFail-- > 0 ? (options.failStatus ?? 503) : 200) : 404;
      batches.push({ status, alerts: status === 200 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as AlertmanagerAlert[]) : [], atMs: performance.now() });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const find = (predicate: (alert: AlertmanagerAlert) => boolean) => {
    for (const b of batches) for (const alert of b.alerts) if (predicate(alert)) return { alert, atMs: b.atMs };
    return undefined;
  };
  return {
    url: `http://127.0.0.1:${port}/api/v2/alerts`,
    batches,
    accepted: () => batches.flatMap((b) => b.alerts),
    async waitFor(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('no matching alert received in time');
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
