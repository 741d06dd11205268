/**
 * Groups the rows of many OTLP requests into large inserts and tells each request when its rows are stored.
 *
 * - A request's promise resolves only after the insert holding its rows succeeded ("a 200 means stored"), and
 *   rejects with {@link UnavailableError} if that insert failed (none of the batch is stored then).
 * - A batch is flushed when it reaches `maxBatchRows` or `maxBatchDelayMs` after its first row, whichever is first,
 *   or as soon as the previous insert finishes (group commit), so under load inserts follow each other back to back.
 * - Work is bounded: rows waiting or being inserted never exceed `maxPendingRows`; past that, `submit` fails at once
 *   with {@link OverloadedError} (429 + Retry-After) instead of queueing without limit.
 * - Inserts run one at a time, so a batch fills while the previous one is written.
 */
import type { SpanRow } from '../../schemas/span.js';
import { OverloadedError, UnavailableError } from '../errors.js';
import type { EncodedSpans, SpanStore } from '../store/SpanStore.js';

/** Tuning of a {@link BatchWriter}. */
export interface BatchWriterOptions {
  maxBatchRows: number;
  maxBatchDelayMs: number;
  maxPendingRows: number;
}

/** Defaults sized for this collector: large inserts, a short time bound, bounded memory. */
export const DEFAULT_BATCH_WRITER_OPTIONS: BatchWriterOptions = {
  maxBatchRows: 25_000,
  maxBatchDelayMs: 50,
  maxPendingRows: 200_000,
};

/** Observations for metrics and logs. */
export interface BatchWriterObserver {
  onInsert?(rows: number, ms: number): void;
  onInsertError?(rows: number, error: Error): void;
  onOverload?(): void;
}

interface Waiter {
  resolve(): void;
  reject(err: Error): void;
}

interface Batch {
  /** Each request's rows, encoded when it arrived. */
  parts: EncodedSpans[];
  rows: number;
  waiters: Waiter[];
}

/** See the module comment. */
export class BatchWriter {
  readonly #store: SpanStore;
  readonly #opts: BatchWriterOptions;
  readonly #observer: BatchWriterObserver;
  #queue: Batch[] = [];
  #pendingRows = 0;
  #timer: NodeJS.Timeout | undefined;
  #writing = false;
  #closed = false;
  #idle: Array<() => void> = [];

  constructor(store: SpanStore, opts: Partial<BatchWriterOptions> = {}, observer: BatchWriterObserver = {}) {
    this.#store = store;
    this.#opts = { ...DEFAULT_BATCH_WRITER_OPTIONS, ...opts };
    this.#observer = observer;
  }

  /** Rows accepted but not yet stored. */
  get pendingRows(): number {
    return this.#pendingRows;
  }

  /**
   * The error a request would get now whatever its size (the pending cap is reached, or the writer is closed), or
   * `undefined` when it may be accepted. The receiver asks before reading a body, so a refused request costs neither
   * its decoding nor its memory, and the work goes to the inserts that relieve the overload.
   */
  refusal(): OverloadedError | UnavailableError | undefined {
    if (this.#closed) return new UnavailableError('collector is shutting down');
    if (this.#pendingRows < this.#opts.maxPendingRows) return undefined;
    return this.#overloaded();
  }

  /** Queues rows; resolves once they are stored. */
  submit(rows: readonly SpanRow[]): Promise<void> {
    if (this.#closed) return Promise.reject(new UnavailableError('collector is shutting down'));
    if (rows.length === 0) return Promise.resolve();
    if (this.#pendingRows > 0 && this.#pendingRows + rows.length > this.#opts.maxPendingRows) return Promise.reject(this.#overloaded());
    // Encoded at once: the row objects then die young, and only compact bytes wait for the insert.
    const encoded = this.#store.encodeSpans(rows);
    this.#pendingRows += rows.length;
    return new Promise<void>((resolve, reject) => {
      let batch = this.#queue.at(-1);
      if (!batch || batch.rows >= this.#opts.maxBatchRows) {
        batch = { parts: [], rows: 0, waiters: [] };
        this.#queue.push(batch);
      }
      batch.parts.push(encoded);
      batch.rows += encoded.count;
      batch.waiters.push({ resolve, reject });
      if (this.#queue.length > 1 || batch.rows >= this.#opts.maxBatchRows) this.#drain();
      else this.#timer ??= setTimeout(() => this.#drain(), this.#opts.maxBatchDelayMs);
    });
  }

  /** Stops accepting rows and resolves once everything accepted has been written (or failed). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#drain();
    if (this.#pendingRows === 0 && !this.#writing) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  #overloaded(): OverloadedError {
    this.#observer.onOverload?.();
    return new OverloadedError(`collector is at capacity (${this.#pendingRows} spans waiting to be stored); retry later`);
  }

  #drain(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#writing) return;
    const batch = this.#queue.shift();
    if (!batch) {
      for (const done of this.#idle.splice(0)) done();
      return;
    }
    this.#writing = true;
    void this.#write(batch).finally(() => {
      this.#writing = false;
      // Group commit: whatever arrived while this insert ran is written next, at once. Under load, batches grow to
      // the rate the store can take; when idle, the time bound keeps tiny inserts (and tiny parts) rare.
      if (this.#queue.length > 0) this.#drain();
      else for (const done of this.#idle.splice(0)) done();
    });
  }

  async #write(batch: Batch): Promise<void> {
    const started = performance.now();
    try {
      await this.#store.insertEncoded(batch.parts);
      this.#observer.onInsert?.(batch.rows, performance.now() - started);
      for (const w of batch.waiters) w.resolve();
    } catch (err) {
      this.#observer.onInsertError?.(batch.rows, err as Error);
      const failure = new UnavailableError(`storage insert failed, nothing of this request was stored: ${(err as Error).message}`);
      for (const w of batch.waiters) w.reject(failure);
    } finally {
      this.#pendingRows -= batch.rows;
    }
  }
}
