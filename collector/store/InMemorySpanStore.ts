/**
 * A {@link SpanStore} in process memory with the same semantics as the ClickHouse one. Unit tests use it, and its
 * `failNextInserts` lets them see what the collector does when storage fails.
 */
import { CUSTOMER_ID_ATTRS } from '../../schemas/semconv.js';
import type { SpanRow } from '../../schemas/span.js';
import type { SpanStore } from './SpanStore.js';

/** Customer id of a span per CONTRACT §1 (first non-empty of the accepted attributes), or ''. */
export function customerIdOf(row: SpanRow): string {
  for (const key of CUSTOMER_ID_ATTRS) {
    const v = row.spanAttributes[key];
    if (v) return v;
  }
  return '';
}

/** In-memory span store. */
export class InMemorySpanStore implements SpanStore {
  readonly kind = 'memory' as const;
  readonly rows: SpanRow[] = [];
  /** Number of upcoming inserts that fail, to exercise error paths. */
  failNextInserts = 0;
  /** Optional delay per insert, to exercise back-pressure. */
  insertDelayMs = 0;
  /** Number of inserts performed, successful or not. */
  insertCalls = 0;

  async migrate(): Promise<void> {}

  async insertSpans(rows: readonly SpanRow[]): Promise<void> {
    this.insertCalls++;
    if (this.insertDelayMs) await new Promise((r) => setTimeout(r, this.insertDelayMs));
    if (this.failNextInserts > 0) {
      this.failNextInserts--;
      throw new Error('simulated storage failure');
    }
    this.rows.push(...rows);
  }

  async countSpans(): Promise<number> {
    return this.rows.length;
  }

  async getTraces(traceIds: readonly string[]): Promise<SpanRow[]> {
    const ids = new Set(traceIds);
    return this.rows.filter((r) => ids.has(r.traceId)).sort((a, b) => (a.timestampNs < b.timestampNs ? -1 : a.timestampNs > b.timestampNs ? 1 : 0));
  }

  async getLinkingTraceIds(traceIds: readonly string[]): Promise<string[]> {
    const ids = new Set(traceIds);
    const out = new Set<string>();
    for (const r of this.rows) if (r.links.some((l) => ids.has(l.traceId))) out.add(r.traceId);
    return [...out];
  }

  async getCustomerTraceIds(customerId: string, fromMs: number, toMs: number, limit: number): Promise<string[]> {
    const latest = new Map<string, bigint>();
    const from = BigInt(Math.floor(fromMs)) * 1_000_000n;
    const to = BigInt(Math.ceil(toMs)) * 1_000_000n;
    for (const r of this.rows) {
      if (customerIdOf(r) !== customerId || r.timestampNs < from || r.timestampNs >= to) continue;
      const prev = latest.get(r.traceId);
      if (prev === undefined || r.timestampNs > prev) latest.set(r.traceId, r.timestampNs);
    }
    return [...latest].sort((a, b) => (a[1] > b[1] ? -1 : a[1] < b[1] ? 1 : 0)).slice(0, limit).map(([t]) => t);
  }

  async close(): Promise<void> {}
}
