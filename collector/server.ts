/**
 * Starts `flexix serve`: one store, the OTLP receiver and the query API + UI, each on its own listener. The only
 * module that listens; process concerns (signals, exit codes) stay in the CLI.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { ServeConfig } from './config.js';
import { createApiApp } from './http/apiApp.js';
import { createOtlpApp, DEFAULT_MAX_BODY_BYTES } from './http/otlpApp.js';
import { BatchWriter, type BatchWriterOptions } from './ingest/BatchWriter.js';
import { startLoopAlerts, type LoopAlerts, type LoopAlertsOptions } from './alerts/index.js';
import type { Logger } from './logger.js';
import { RunningWeekFigures } from './query/RunningWeekFigures.js';
import { startWeekFiguresKeeper, type WeekFiguresKeeper } from './query/WeekFiguresKeeper.js';
import { createFlexixMetrics } from './metrics/index.js';
import { loadHandbookFile } from './protocols.js';
import { ClickHouseSpanStore } from './store/ClickHouseSpanStore.js';
import { connectClickHouse } from './store/clickhouseClient.js';
import { EMBEDDED_MERGE_TREE_SETTINGS } from './store/embeddedEngine.js';
import type { SpanStore } from './store/SpanStore.js';

/** A running collector. */
export interface RunningServer {
  otlpUrl: string;
  apiUrl: string;
  store: SpanStore;
  writer: BatchWriter;
  alerts: LoopAlerts;
  /** Keeps the weekly report figures of weeks that are over (undefined with `--weekly-keep-interval off`). */
  weekKeeper: WeekFiguresKeeper | undefined;
  /** The running week's figures, read by the weekly report and kept up to date by the background pass. */
  runningWeek: RunningWeekFigures;
  /** Stops listening, stores every accepted span, closes storage. */
  close(): Promise<void>;
}

/** Optional overrides, mainly for tests and benchmarks. */
export interface ServerDeps {
  logger: Logger;
  store?: SpanStore;
  batch?: Partial<BatchWriterOptions>;
  maxBodyBytes?: number;
  /** Directory of the built UI (default `ui/dist`). */
  uiDir?: string;
  /** Loop-alert settings beyond the configuration (tests inject a clock and intervals). */
  alertOptions?: Pick<LoopAlertsOptions, 'now' | 'resendIntervalMs' | 'loops' | 'latenessMs' | 'retry'>;
  /** Time before the weekly figures' first pass (default 30 s). */
  weekKeeperFirstDelayMs?: number;
}

/** Creates the store named by the configuration (embedded chDB or server). */
export function createStoreFromConfig(config: ServeConfig): ClickHouseSpanStore {
  const schema = {
    database: config.database,
    cluster: config.cluster,
    retentionDays: config.retentionMs ? Math.max(1, Math.round(config.retentionMs / 86_400_000)) : undefined,
  };
  if (config.clickhouseUrl) {
    const connection = connectClickHouse({
      kind: 'server',
      url: config.clickhouseUrl,
      username: config.clickhouseUser,
      password: config.clickhousePassword,
    });
    return new ClickHouseSpanStore(connection, 'server', schema);
  }
  const embeddedSchema = { ...schema, tableSettings: EMBEDDED_MERGE_TREE_SETTINGS };
  return new ClickHouseSpanStore(connectClickHouse({ kind: 'embedded', dataDir: config.dataDir }), 'embedded', embeddedSchema);
}

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${actual}`);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** Starts the collector as configured. */
export async function startServer(config: ServeConfig, deps: ServerDeps): Promise<RunningServer> {
  const { logger } = deps;
  const handbook = loadHandbookFile(config.protocolsFile);
  logger.info('protocol handbook loaded', { file: config.protocolsFile, rules: handbook.rules.length });
  const store = deps.store ?? createStoreFromConfig(config);
  await store.migrate();
  logger.info('storage ready', { storage: store.kind, location: config.clickhouseUrl ?? config.dataDir, database: config.database });

  const metrics = createFlexixMetrics();
  // The receiver feeds loop alerts, which start once the API's URL (for links in alerts) is known.
  const alertsFeed: { alerts?: LoopAlerts } = {};
  const writer = new BatchWriter(store, { maxPendingRows: config.maxPendingSpans, ...deps.batch }, {
    ...metrics.batchWriterObserver,
    onInsertError: (rows, err) => {
      metrics.batchWriterObserver.onInsertError?.(rows, err);
      logger.error('insert failed', { rows, error: err.message });
    },
  });
  metrics.trackQueueDepth(() => writer.pendingRows);
  const otlpServer = createServer(
    createOtlpApp({
      writer,
      logger,
      maxBodyBytes: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      ingestToken: config.ingestToken,
      corsOrigins: config.corsOrigins,
      onRequest: metrics.onOtlpRequest,
      // Loop alerts see spans as they are stored, whatever time they are stamped with.
      onAccepted: (rows) => alertsFeed.alerts?.accept(rows),
    }),
  );
  // The API's analyses may load only so many spans; ingest, alerts and the background pass are not limited.
  const apiStore = store.withMaxAnalysisSpans?.(config.maxAnalysisSpans) ?? store;
  // Kept up to date by the background pass below and read by the API's weekly report.
  const runningWeek = new RunningWeekFigures();
  const apiServer = createServer(
    createApiApp({ store: apiStore, logger, handbook, metrics, apiToken: config.apiToken, corsOrigins: config.corsOrigins, uiDir: deps.uiDir, runningWeek }),
  );
  // Exporters keep connections open between batches; a generous keep-alive avoids reconnect churn.
  otlpServer.keepAliveTimeout = 65_000;

  let otlpUrl: string;
  let apiUrl: string;
  try {
    otlpUrl = await listen(otlpServer, config.otlpPort, config.host);
    apiUrl = await listen(apiServer, config.port, config.host);
  } catch (err) {
    await Promise.all([closeServer(otlpServer), closeServer(apiServer)]);
    await store.close();
    throw err;
  }

  const alerts = startLoopAlerts({
    feed: true,
    ...deps.alertOptions,
    store,
    metrics,
    webhooks: config.alertWebhooks,
    intervalMs: config.alertIntervalMs,
    uiBaseUrl: apiUrl,
    logger,
  });
  alertsFeed.alerts = alerts;
  if (config.alertWebhooks.length) logger.info('loop alerts enabled', { webhooks: config.alertWebhooks.length, intervalMs: config.alertIntervalMs });

  const weekKeeper = config.weeklyKeepIntervalMs > 0
    ? startWeekFiguresKeeper({
        ctx: { store, handbook, runningWeek },
        intervalMs: config.weeklyKeepIntervalMs,
        firstDelayMs: deps.weekKeeperFirstDelayMs,
        // Half the spans the writer lets wait: ingest is falling behind (a whole week computed beside an overload
        // raised the collector's peak memory in the overload test from 799-863 MiB to 911-1,053 MiB).
        deferWhile: () => writer.pendingRows >= config.maxPendingSpans / 2,
        logger,
      })
    : undefined;
  if (weekKeeper) logger.info('weekly report figures of the last two weeks that are over kept in the store, the running week\'s brought up to date', { intervalMs: config.weeklyKeepIntervalMs });

  let closing: Promise<void> | undefined;
  return {
    otlpUrl,
    apiUrl,
    store,
    writer,
    alerts,
    weekKeeper,
    runningWeek,
    close() {
      closing ??= (async () => {
        await Promise.all([alerts.stop(), weekKeeper?.stop()]);
        // The running week's latest figures, for the next start (a few MB at most; nothing when unchanged).
        await runningWeek.keep(store, 'changed').catch((err: Error) => logger.warn('running week figures not kept', { error: err.message }));
        const stopListening = Promise.all([closeServer(otlpServer), closeServer(apiServer)]);
        await writer.close();
        logger.info('pending spans stored, closing storage');
        // Requests answered during the flush leave keep-alive connections idle; close them so listening ends.
        otlpServer.closeIdleConnections();
        apiServer.closeIdleConnections();
        await stopListening;
        await store.close();
      })();
      return closing;
    },
  };
}
