/** `flexix serve`: collector + query API + UI in one process, until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import { DEFAULT_MAX_ANALYSIS_SPANS, loadServeConfig, type ServeFlags } from '../config.js';
import { createConsoleLogger } from '../logger.js';
import { startServer } from '../server.js';
import { collect } from './flags.js';
import { resumeDemo, startDemo } from '../../engine/demo.js';

/** Adds `serve` to the program. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the OTLP collector, the query API and the UI in one process')
    .option('--data <dir>', 'embedded ClickHouse data directory', './data')
    .option('--clickhouse-url <url>', 'use a ClickHouse server instead (env CLICKHOUSE_URL, with CLICKHOUSE_USER/PASSWORD/DATABASE)')
    .option('--cluster <name>', 'create tables ON CLUSTER with Replicated engines')
    .option('--retention <duration>', 'drop spans older than this, e.g. 30d (TTL on every table)')
    .option('--otlp-port <port>', 'OTLP/HTTP port (0 = any free port)', '4318')
    .option('--port <port>', 'query API and UI port (0 = any free port)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--protocols <file>', 'protocol handbook (JSON); the shipped default otherwise')
    .option('--demo', 'also run the engine scenarios against this collector (three weeks of backfill, or from the newest stored span on, then a live trickle)')
    .option('--alert-webhook <url>', 'Alertmanager v2 receiver for loop alerts (repeatable)', collect)
    .option('--alert-interval <duration>', 'how often loop alerts are evaluated', '5s')
    .option(
      '--weekly-keep-interval <duration>',
      'how often the weekly report figures of the last two weeks that are over are computed, when their spans changed, and kept in the store, and the running week\'s brought up to date (off: only when asked)',
      '1m',
    )
    .option('--max-pending-spans <n>', 'spans accepted but not yet stored before OTLP answers 429 (bounds memory)', '200000')
    .option(
      '--max-analysis-spans <n>',
      "most spans one API analysis (loop candidates, conflict candidates, timelines, the audit's harmed customers, ...) may load into memory; past it the API answers 422 (0 = no limit)",
      String(DEFAULT_MAX_ANALYSIS_SPANS),
    )
    .option('--ingest-token <token>', 'require Authorization: Bearer <token> on OTLP (env FLEXIX_INGEST_TOKEN)')
    .option('--api-token <token>', 'require Authorization: Bearer <token> on the API (env FLEXIX_API_TOKEN)')
    .option(
      '--cors-origin <origin>',
      'allow browser pages from this origin (https://host[:port], or * for any) to call OTLP and the API; repeatable or comma-separated; CORS is off without it (env FLEXIX_CORS_ORIGIN)',
      collect,
    )
    .action(async (flags: ServeFlags) => {
      const logger = createConsoleLogger();
      const config = loadServeConfig(flags, process.env);
      const server = await startServer(config, { logger });
      console.log(`OTLP/HTTP listening on ${server.otlpUrl}`);
      console.log(`UI and API on ${server.apiUrl}`);
      // Started again on a store that holds spans, the demo continues from the newest one with customers of its own.
      const demo = config.demo
        ? startDemo({ endpoint: server.otlpUrl, logger: (m: string) => logger.info(m), ...resumeDemo(await server.store.getLatestSpanMs(), Date.now()) })
        : undefined;

      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          logger.info('shutting down', { signal });
          void (async () => {
            await demo?.stop();
            await server.close();
            logger.info('stopped');
            resolve();
          })();
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    });
}
