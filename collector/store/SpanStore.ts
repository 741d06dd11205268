import type { SpanRow } from '../../schemas/span.js';

/** Where spans are kept: `embedded` chDB, a ClickHouse `server`, or process `memory` (tests). */
export type StorageKind = 'embedded' | 'server' | 'memory';

/**
 * The storage seam: everything the collector and the query API need from the span store.
 * {@link ClickHouseSpanStore} is the real one (chDB or server); {@link InMemorySpanStore} serves unit tests.
 */
export interface SpanStore {
  readonly kind: StorageKind;
  /** Creates tables and views if missing (idempotent). */
  migrate(): Promise<void>;
  /** Stores rows in one insert; resolves only once they are stored. */
  insertSpans(rows: readonly SpanRow[]): Promise<void>;
  /** Number of stored spans. */
  countSpans(): Promise<number>;
  /** Every stored span of the given traces (ids lower-case hex). */
  getTraces(traceIds: readonly string[]): Promise<SpanRow[]>;
  /** Ids of traces holding a span that links to a span of one of the given traces. */
  getLinkingTraceIds(traceIds: readonly string[]): Promise<string[]>;
  /** Ids of traces with a span of this customer in [fromMs, toMs), most recent first, at most `limit`. */
  getCustomerTraceIds(customerId: string, fromMs: number, toMs: number, limit: number): Promise<string[]>;
  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;
}
