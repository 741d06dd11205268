/** A real collector (embedded chDB, free ports) with loop alerts sent to the given webhooks. */
import type { LoopAlertsOptions } from '../../collector/alerts/index.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

/** A running collector with alerting. */
export interface AlertingServer extends TestServer {
  metricsUrl: string;
}

/** Starts `flexix serve` as `--alert-webhook ... --alert-interval ...` would, with test overrides (clock, resends). */
export async function startAlertingServer(
  alerts: Pick<LoopAlertsOptions, 'webhooks' | 'intervalMs' | 'now' | 'resendIntervalMs' | 'loops' | 'latenessMs' | 'retry'>,
): Promise<AlertingServer> {
  const { webhooks, intervalMs, ...alertOptions } = alerts;
  const server = await startTestServer({
    flags: { alertWebhook: [...webhooks], alertInterval: `${intervalMs}ms` },
    alertOptions,
  });
  return { ...server, metricsUrl: `${server.apiUrl}/metrics`, close: () => stopTestServer(server) };
}
