/**
 * The collector's Prometheus series (`GET /metrics`), owned by one prom-client {@link Registry} per server so that
 * several servers in one process (tests) never share counters. Components report through small methods and
 * observers; none of them imports prom-client.
 */
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BatchWriterObserver } from '../ingest/BatchWriter.js';

/** What the OTLP receiver reports per request (the `onRequest` option of the OTLP app). */
export interface OtlpRequestOutcome {
  accepted: number;
  rejected: number;
  status: number;
}

/** Active loops of one cycle of agents, over all customers (what the loop gauges show). */
export interface LoopsByAgents {
  /** The cycle, e.g. `care-agent>loyalty-agent>marketing-agent`. */
  agents: string;
  active: number;
  runaway: number;
}

/** Where a storage error happened. */
export type StorageOperation = 'insert' | 'query';

/** Outcome of one webhook delivery. */
export type NotificationOutcome = 'sent' | 'failed';

/** Spans per insert: from single-span requests up to the batch writer's 25k cap. */
const BATCH_SIZE_BUCKETS = [1, 10, 100, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000];
/** Insert latency, seconds: embedded inserts take milliseconds, a struggling server seconds. */
const INSERT_SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Query API latency, seconds: a chain takes tens of milliseconds, a month's journey audit on a big store seconds. */
const API_SECONDS_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** See the module comment. */
export class FlexixMetrics {
  /** The registry `/metrics` exposes (process metrics included). */
  readonly registry = new Registry();

  readonly #spansReceived: Counter;
  readonly #spansAccepted: Counter;
  readonly #spansRejected: Counter;
  readonly #requests: Counter<'code'>;
  readonly #throttled: Counter<'code'>;
  readonly #batchSize: Histogram;
  readonly #insertSeconds: Histogram;
  readonly #storageErrors: Counter<'operation'>;
  readonly #loopsActive: Gauge<'agents'>;
  readonly #loopsRunaway: Gauge<'agents'>;
  readonly #alertsFiring: Gauge<'alertname'>;
  readonly #denials: Counter<'rule'>;
  readonly #notifications: Counter<'outcome'>;
  readonly #evaluationSeconds: Histogram;
  readonly #apiSeconds: Histogram<'route' | 'code'>;
  #queueDepth: () => number = () => 0;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.#spansReceived = new Counter({ name: 'flexix_ingest_spans_received_total', help: 'Spans received over OTLP (accepted + rejected).', registers });
    this.#spansAccepted = new Counter({ name: 'flexix_ingest_spans_accepted_total', help: 'Spans stored from OTLP requests.', registers });
    this.#spansRejected = new Counter({ name: 'flexix_ingest_spans_rejected_total', help: 'Invalid spans dropped (OTLP partial success).', registers });
    this.#requests = new Counter({ name: 'flexix_ingest_requests_total', help: 'OTLP requests by response status code.', labelNames: ['code'], registers });
    this.#throttled = new Counter({
      name: 'flexix_ingest_throttled_total',
      help: 'OTLP requests refused for capacity (429) or unavailable storage (503).',
      labelNames: ['code'],
      registers,
    });
    this.#batchSize = new Histogram({ name: 'flexix_ingest_batch_spans', help: 'Spans per storage insert.', buckets: BATCH_SIZE_BUCKETS, registers });
    this.#insertSeconds = new Histogram({
      name: 'flexix_ingest_insert_duration_seconds',
      help: 'Duration of one storage insert.',
      buckets: INSERT_SECONDS_BUCKETS,
      registers,
    });
    const queueDepth = () => this.#queueDepth();
    new Gauge({
      name: 'flexix_ingest_queue_spans',
      help: 'Spans accepted but not yet stored.',
      registers,
      collect() {
        this.set(queueDepth());
      },
    });
    this.#storageErrors = new Counter({ name: 'flexix_storage_errors_total', help: 'Failed storage operations.', labelNames: ['operation'], registers });
    this.#loopsActive = new Gauge({ name: 'flexix_loops_active', help: 'Customers in an active feedback loop, by cycle of agents.', labelNames: ['agents'], registers });
    this.#loopsRunaway = new Gauge({ name: 'flexix_loops_runaway', help: 'Customers in an active runaway loop, by cycle of agents.', labelNames: ['agents'], registers });
    this.#alertsFiring = new Gauge({ name: 'flexix_alerts_firing', help: 'Loop alerts currently firing.', labelNames: ['alertname'], registers });
    this.#denials = new Counter({ name: 'flexix_protocol_denials_total', help: 'Engine protocol denials (deny spans) ingested, by rule.', labelNames: ['rule'], registers });
    this.#notifications = new Counter({
      name: 'flexix_alert_notifications_total',
      help: 'Alert webhook deliveries by outcome (failed = given up after retries, or dropped from a full queue).',
      labelNames: ['outcome'],
      registers,
    });
    this.#evaluationSeconds = new Histogram({
      name: 'flexix_alert_evaluation_duration_seconds',
      help: 'Duration of one loop-alert evaluation.',
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#apiSeconds = new Histogram({
      name: 'flexix_api_request_duration_seconds',
      help: 'Query API requests by route (its template, "unmatched" for none) and response status code.',
      labelNames: ['route', 'code'],
      buckets: API_SECONDS_BUCKETS,
      registers,
    });
    // Every labelled series exists from the start, so dashboards and `rate()` see zeros instead of gaps.
    for (const outcome of ['sent', 'failed']) this.#notifications.inc({ outcome }, 0);
    for (const operation of ['insert', 'query']) this.#storageErrors.inc({ operation }, 0);
    for (const code of ['429', '503']) this.#throttled.inc({ code }, 0);
  }

  /** Observer to hand to the `BatchWriter`: insert sizes and latency, insert errors, overload refusals. */
  readonly batchWriterObserver: BatchWriterObserver = {
    onInsert: (rows, ms) => this.observeInsert(rows, ms),
    onInsertError: () => this.countStorageError('insert'),
  };

  /** `onRequest` callback for the OTLP app. */
  readonly onOtlpRequest = (outcome: OtlpRequestOutcome): void => this.observeRequest(outcome);

  /** Records one storage insert of `rows` spans that took `ms`. */
  observeInsert(rows: number, ms: number): void {
    this.#batchSize.observe(rows);
    this.#insertSeconds.observe(ms / 1000);
  }

  /** Records one OTLP request. */
  observeRequest({ accepted, rejected, status }: OtlpRequestOutcome): void {
    this.#spansReceived.inc(accepted + rejected);
    this.#spansAccepted.inc(accepted);
    this.#spansRejected.inc(rejected);
    this.#requests.inc({ code: String(status) });
    if (status === 429 || status === 503) this.#throttled.inc({ code: String(status) });
  }

  /** Reads the ingest queue depth from `source` at every scrape (e.g. `() => writer.pendingRows`). */
  trackQueueDepth(source: () => number): void {
    this.#queueDepth = source;
  }

  /** Counts a failed storage operation. */
  countStorageError(operation: StorageOperation): void {
    this.#storageErrors.inc({ operation });
  }

  /** Replaces the loop gauges with the current active loops (cycles no longer active disappear). */
  setActiveLoops(loops: readonly LoopsByAgents[]): void {
    this.#loopsActive.reset();
    this.#loopsRunaway.reset();
    for (const { agents, active, runaway } of loops) {
      this.#loopsActive.set({ agents }, active);
      this.#loopsRunaway.set({ agents }, runaway);
    }
  }

  /** Sets how many alerts of `alertname` are firing. */
  setAlertsFiring(alertname: string, count: number): void {
    this.#alertsFiring.set({ alertname }, count);
  }

  /** Counts protocol denials of a rule. */
  countDenials(rule: string, count = 1): void {
    this.#denials.inc({ rule }, count);
  }

  /** Counts one webhook delivery outcome. */
  countNotification(outcome: NotificationOutcome): void {
    this.#notifications.inc({ outcome });
  }

  /** Records the duration of one alert evaluation. */
  observeEvaluation(ms: number): void {
    this.#evaluationSeconds.observe(ms / 1000);
  }

  /** Records one query API request: its route template (e.g. `/api/loops`), status code and duration. */
  observeApiRequest(route: string, status: number, ms: number): void {
    this.#apiSeconds.observe({ route, code: String(status) }, ms / 1000);
  }

  /** Express handler for `GET /metrics`: the Prometheus text exposition of {@link registry}. */
  metricsHandler(): RequestHandler {
    return (_req, res, next) => {
      this.registry.metrics().then(
        (body) => res.type(this.registry.contentType).send(body),
        (err: unknown) => next(err),
      );
    };
  }
}

/** Creates the metrics of one server. */
export function createFlexixMetrics(): FlexixMetrics {
  return new FlexixMetrics();
}
