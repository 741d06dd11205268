/**
 * The loop alerting of `flexix serve`: evaluates every `intervalMs` (`--alert-interval`) and hands notifications to
 * the webhook receivers (`--alert-webhook`). Evaluations never overlap (the next is scheduled when one ends), and a
 * failing store or receiver is logged and counted, never thrown into the server.
 */
import type { SpanRow } from '../../schemas/span.js';
import type { BusinessSpan } from '../analysis/BusinessSpan.js';
import type { FeedbackLoopOptions } from '../analysis/findFeedbackLoops.js';
import type { Logger } from '../logger.js';
import type { FlexixMetrics } from '../metrics/FlexixMetrics.js';
import type { SpanStore } from '../store/SpanStore.js';
import { toAlertmanagerAlert } from './alertmanagerPayload.js';
import { LoopAlertEvaluator } from './LoopAlertEvaluator.js';
import { WebhookNotifier, type WebhookRetryOptions } from './WebhookNotifier.js';

/** Dependencies and settings of {@link startLoopAlerts}. */
export interface LoopAlertsOptions {
  /** Only `getBusinessSpans` is used. */
  store: Pick<SpanStore, 'getBusinessSpans'>;
  metrics?: FlexixMetrics;
  /** Alertmanager v2 endpoints (`.../api/v2/alerts`); none = evaluate for metrics only. */
  webhooks: readonly string[];
  intervalMs: number;
  /** Base URL of the Flexix UI, for the links in alerts. */
  uiBaseUrl: string;
  logger: Logger;
  /** Current time, epoch ms (injected by tests). */
  now?: () => number;
  /** Loop thresholds (CONTRACT §1 defaults). */
  loops?: FeedbackLoopOptions;
  latenessMs?: number;
  resendIntervalMs?: number;
  retry?: Partial<WebhookRetryOptions>;
  /** New spans are handed over with `accept` as they are stored, instead of read back from the store. */
  feed?: boolean;
  /**
   * With `feed`: this many spans waiting for evaluation start one before the interval ends, so the memory they hold
   * stays bounded whatever the ingest rate (default {@link DEFAULT_MAX_FEED_BACKLOG}).
   */
  maxFeedBacklog?: number;
}

/**
 * Spans handed over that trigger an early evaluation: about 10 MiB of pending spans, reached in about a second at
 * the collector's top ingest rate (tens of thousands of spans per second), where a 5 s interval would hold five times
 * as many.
 */
export const DEFAULT_MAX_FEED_BACKLOG = 20_000;

/** Running loop alerting. */
export interface LoopAlerts {
  /** Runs an evaluation now (after any running one) and resolves when its notifications are queued. */
  evaluateNow(): Promise<void>;
  /**
   * Takes what loop alerts need of rows about to be stored (with `feed`), and returns the hand-over to call once they
   * are stored: only the compacted loop candidates wait for the insert, not the rows.
   */
  accept(rows: readonly SpanRow[]): () => void;
  /** Stops evaluating and waits briefly for queued notifications to be delivered. */
  stop(): Promise<void>;
}

/** Starts evaluating loop alerts; the first evaluation runs after one interval. */
export function startLoopAlerts(options: LoopAlertsOptions): LoopAlerts {
  const { logger, metrics } = options;
  const now = options.now ?? Date.now;
  const evaluator = new LoopAlertEvaluator({
    store: options.store,
    metrics,
    loops: options.loops,
    latenessMs: options.latenessMs,
    resendIntervalMs: options.resendIntervalMs,
    feed: options.feed,
  });
  const notifier = new WebhookNotifier({
    urls: options.webhooks,
    logger,
    retry: options.retry,
    onOutcome: (outcome) => metrics?.countNotification(outcome),
  });

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let last: Promise<void> = Promise.resolve();
  let catchingUp = false;
  const maxFeedBacklog = options.maxFeedBacklog ?? DEFAULT_MAX_FEED_BACKLOG;

  const evaluateOnce = async (): Promise<void> => {
    try {
      const notices = await evaluator.evaluate(now());
      // What changed: alerts that start firing and that resolve (not the repeats Alertmanager needs every minute).
      for (const n of notices) {
        if (!n.resend) logger.info('loop alert', { alertname: n.alertname, status: n.status, customer: n.loop.customerId, agents: n.loop.agents.join('>'), iterations: n.loop.iterations });
      }
      notifier.send(notices.map((n) => toAlertmanagerAlert(n, options.uiBaseUrl)));
    } catch (err) {
      logger.error('loop alert evaluation failed', { error: (err as Error).message });
    }
  };
  const evaluateNow = (): Promise<void> => (last = last.then(evaluateOnce));
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => void evaluateNow().then(schedule), options.intervalMs);
  };
  schedule();
  const handOver = (spans: readonly BusinessSpan[]): void => {
    evaluator.ingest(spans);
    // One early evaluation at a time: it takes everything that arrived until it starts.
    if (stopped || catchingUp || evaluator.backlog < maxFeedBacklog) return;
    catchingUp = true;
    void evaluateNow().finally(() => {
      catchingUp = false;
    });
  };

  return {
    evaluateNow,
    accept: (rows) => {
      const spans = evaluator.select(rows);
      return () => handOver(spans);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await last;
      await notifier.close();
    },
  };
}
