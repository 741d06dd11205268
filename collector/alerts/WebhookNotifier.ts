/**
 * Delivers alert batches to Alertmanager-compatible receivers. `send` only queues (ingest and evaluation never wait
 * on a receiver); each receiver has its own bounded queue, delivered in order (a resolve never overtakes its firing),
 * retried with exponential backoff and jitter when the receiver is down, answers 429 or 5xx. A 4xx other than 429
 * means the receiver rejects the body, which a retry would not change, so that batch is given up at once.
 */
import type { Logger } from '../logger.js';
import type { NotificationOutcome } from '../metrics/FlexixMetrics.js';
import type { AlertmanagerAlert } from './alertmanagerPayload.js';

/** Retry and queue bounds of a {@link WebhookNotifier}. */
export interface WebhookRetryOptions {
  /** Delay before the first retry; doubles per attempt. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Attempts per batch, the first included, before it is counted as failed. */
  maxAttempts: number;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Batches waiting per receiver; past it the oldest is dropped (and counted as failed). */
  maxQueuedBatches: number;
}

/** Defaults: retries over about two minutes, then give up; a dead receiver holds at most 1000 batches. */
export const DEFAULT_WEBHOOK_RETRY: WebhookRetryOptions = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxAttempts: 8,
  timeoutMs: 10_000,
  maxQueuedBatches: 1000,
};

/** Dependencies of a {@link WebhookNotifier}. */
export interface WebhookNotifierOptions {
  urls: readonly string[];
  logger: Logger;
  retry?: Partial<WebhookRetryOptions>;
  /** Called once per batch and receiver with the final outcome (metrics). */
  onOutcome?: (outcome: NotificationOutcome) => void;
}

/** Thrown inside a delivery attempt; `retry` says whether another attempt may succeed. */
class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

/** One receiver's queue and delivery loop. */
class ReceiverQueue {
  readonly #batches: string[] = [];
  #running: Promise<void> | undefined;
  #abort = new AbortController();

  constructor(
    private readonly url: string,
    private readonly options: WebhookRetryOptions,
    private readonly logger: Logger,
    private readonly onOutcome: (outcome: NotificationOutcome) => void,
  ) {}

  push(body: string): void {
    if (this.#batches.length >= this.options.maxQueuedBatches) {
      this.#batches.shift();
      this.onOutcome('failed');
      this.logger.warn('alert webhook queue full, oldest batch dropped', { url: this.url });
    }
    this.#batches.push(body);
    // Started on a later tick, so even the first request's connection setup never runs inside the caller's turn.
    this.#running ??= Promise.resolve()
      .then(() => this.#run())
      .finally(() => (this.#running = undefined));
  }

  /** Resolves when the queue is empty, or aborts what is left after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    if (!this.#running) return;
    const timer = setTimeout(() => this.#abort.abort(), timeoutMs);
    try {
      await this.#running;
    } finally {
      clearTimeout(timer);
    }
  }

  async #run(): Promise<void> {
    while (this.#batches.length > 0 && !this.#abort.signal.aborted) {
      this.onOutcome((await this.#deliver(this.#batches.shift()!)) ? 'sent' : 'failed');
    }
    // Abandoned at shutdown: never delivered, so counted as failed.
    for (const _ of this.#batches.splice(0)) this.onOutcome('failed');
  }

  async #deliver(body: string): Promise<boolean> {
    const { maxAttempts, initialDelayMs, maxDelayMs } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#post(body);
        return true;
      } catch (err) {
        const error = err as DeliveryError;
        const retry = error.retry !== false && attempt < maxAttempts && !this.#abort.signal.aborted;
        this.logger.warn('alert webhook delivery failed', { url: this.url, attempt, error: error.message, retrying: retry });
        if (!retry) return false;
        // Full jitter keeps many Flexix instances from retrying against a recovering receiver in lockstep.
        const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
        await this.#sleep(delay);
      }
    }
  }

  async #post(body: string): Promise<void> {
    const signal = AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.options.timeoutMs)]);
    let response: Response;
    try {
      response = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal });
    } catch (err) {
      throw new DeliveryError((err as Error).message, true);
    }
    await response.arrayBuffer().catch(() => undefined); // free the connection for keep-alive
    if (response.ok) return;
    throw new DeliveryError(`receiver answered ${response.status}`, response.status === 429 || response.status >= 500);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.#abort.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }
}

/** See the module comment. */
export class WebhookNotifier {
  readonly #queues: ReceiverQueue[];

  constructor(options: WebhookNotifierOptions) {
    const retry = { ...DEFAULT_WEBHOOK_RETRY, ...options.retry };
    const onOutcome = options.onOutcome ?? (() => {});
    this.#queues = options.urls.map((url) => new ReceiverQueue(url, retry, options.logger, onOutcome));
  }

  /** Queues one Alertmanager v2 body (an array of alerts) for every receiver; returns at once. */
  send(alerts: readonly AlertmanagerAlert[]): void {
    if (alerts.length === 0) return;
    const body = JSON.stringify(alerts);
    for (const queue of this.#queues) queue.push(body);
  }

  /** Waits up to `timeoutMs` for queued batches (e.g. the last resolves at shutdown), then abandons the rest. */
  async close(timeoutMs = 5_000): Promise<void> {
    await Promise.all(this.#queues.map((q) => q.drain(timeoutMs)));
  }
}
