import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * Wraps an exporter and counts the spans whose export finished, so a simulation producing spans faster than the
 * exporter sends them can wait instead of overflowing the batch processor's queue (a dropped span is a bug).
 * Failed exports are counted too — they are finished — and reported through `failures`.
 */
export class FlowControlExporter implements SpanExporter {
  /** Spans whose export finished (successfully or not). */
  finished = 0;
  /** Spans whose export failed. */
  failed = 0;
  /** The first export error, kept for the caller to report. */
  firstError: Error | undefined;
  private waiters: Array<() => void> = [];

  /** Forwards to `inner`. */
  constructor(private readonly inner: SpanExporter) {}

  /** {@inheritDoc SpanExporter.export} */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      this.finished += spans.length;
      if (result.error !== undefined || result.code !== 0) {
        this.failed += spans.length;
        this.firstError ??= result.error ?? new Error('span export failed');
      }
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
      resultCallback(result);
    });
  }

  /** Resolves at the next finished export. */
  nextExport(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** {@inheritDoc SpanExporter.shutdown} */
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  /** {@inheritDoc SpanExporter.forceFlush} */
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
