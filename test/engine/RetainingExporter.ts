import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * An `InMemorySpanExporter` that keeps its spans after shutdown (the stock one clears them), so a test can read what
 * `simulate` exported after it resolved.
 */
export class RetainingExporter extends InMemorySpanExporter {
  override shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
