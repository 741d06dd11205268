/**
 * Temporary local wiring of the collector with metrics and loop alerts, until `collector/server.ts` wires them: the
 * store, batch writer and OTLP receiver as `startServer` builds them, plus `GET /metrics` and `startLoopAlerts`.
 */
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { startLoopAlerts, type LoopAlerts, type LoopAlertsOptions } from '../../collector/alerts/index.js';
import { loadServeConfig } from '../../collector/config.js';
import { createOtlpApp, DEFAULT_MAX_BODY_BYTES } from '../../collector/http/otlpApp.js';
import { BatchWriter } from '../../collector/ingest/BatchWriter.js';
import { silentLogger } from '../../collector/logger.js';
import { createFlexixMetrics, type FlexixMetrics } from '../../collector/metrics/index.js';
import { createStoreFromConfig } from '../../collector/server.js';
import type { SpanStore } from '../../collector/store/SpanStore.js';
import { makeTempDir } from '../support/testServer.js';

/** A running collector with alerting. */
export interface AlertingServer {
  otlpUrl: string;
  metricsUrl: string;
  store: SpanStore;
  metrics: FlexixMetrics;
  alerts: LoopAlerts;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts the collector on embedded chDB in a temporary directory, alerting with `alerts` options. */
export async function startAlertingServer(alerts: Omit<LoopAlertsOptions, 'store' | 'metrics' | 'logger' | 'uiBaseUrl'>): Promise<AlertingServer> {
  const dataDir = makeTempDir('flexix-alerts-');
  const config = loadServeConfig({ data: dataDir, otlpPort: '0', port: '0' }, {});
  const store = createStoreFromConfig(config);
  await store.migrate();
  const metrics = createFlexixMetrics();
  const writer = new BatchWriter(store, {}, metrics.batchWriterObserver);
  metrics.trackQueueDepth(() => writer.pendingRows);
  const otlp = createServer(createOtlpApp({ writer, logger: silentLogger, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, onRequest: metrics.onOtlpRequest }));
  otlp.keepAliveTimeout = 65_000; // as startServer: exporters keep connections open between batches
  const api = express();
  api.get('/metrics', metrics.metricsHandler());
  const apiServer = createServer(api);
  const otlpUrl = await listen(otlp);
  const apiUrl = await listen(apiServer);
  const loopAlerts = startLoopAlerts({ ...alerts, store, metrics, logger: silentLogger, uiBaseUrl: apiUrl });
  return {
    otlpUrl,
    metricsUrl: `${apiUrl}/metrics`,
    store,
    metrics,
    alerts: loopAlerts,
    async close() {
      await loopAlerts.stop();
      await Promise.all([otlp, apiServer].map((s) => new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      })));
      await writer.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
