/**
 * The per-customer carry-over that makes loop evaluation incremental: each evaluation reads only the spans stored
 * since the last one, and a loop that started earlier is still seen whole because each customer's current burst of
 * activity (spans less than `maxStepGapMs` apart, CONTRACT §1) is kept here between evaluations.
 *
 * Bounded: a customer idle for `maxStepGapMs` is dropped (no later step can join that burst), a burst keeps only its
 * latest `maxSpansPerCustomer` spans (the tracker keeps the largest iteration count seen, so trimming a long runaway
 * loop does not lower its alert), and past `maxCustomers` the least recently active customers are dropped first.
 */
import type { BusinessSpan } from '../analysis/BusinessSpan.js';

/** Bounds of a {@link CustomerSpanCarryOver}. */
export interface CarryOverOptions {
  maxStepGapMs: number;
  maxSpansPerCustomer: number;
  maxCustomers: number;
}

interface Burst {
  spans: BusinessSpan[];
  /** Span id → trace id of the burst's spans (no key strings built per span: they would be held as long). */
  keys: Map<string, string>;
  newestMs: number;
  /** Wall time of the latest addition: a burst replayed from the past stays while its spans keep arriving. */
  arrivedMs: number;
}

/** See the module comment. */
export class CustomerSpanCarryOver {
  /** In order of last activity, least recent first (re-inserted on every update). */
  readonly #bursts = new Map<string, Burst>();

  constructor(private readonly options: CarryOverOptions) {}

  /** Customers currently carried. */
  get customers(): number {
    return this.#bursts.size;
  }

  /**
   * Adds spans (re-read spans are recognised and skipped) and returns the spans that were new. Spans without a
   * customer are not any customer's activity (findFeedbackLoops leaves them out too) and are ignored.
   */
  add(spans: readonly BusinessSpan[], nowMs = -Infinity): BusinessSpan[] {
    const { maxStepGapMs, maxSpansPerCustomer } = this.options;
    const added: BusinessSpan[] = [];
    const unordered = new Set<Burst>();
    const touched = new Map<string, Burst>();
    // In time order, so a span is never judged "before a gap" only because a later one of its burst came first
    // (stored spans arrive in export order, not time order).
    for (const span of [...spans].sort((x, y) => x.startMs - y.startMs)) {
      const customerId = span.customerId;
      if (customerId === undefined) continue;
      let burst = touched.get(customerId) ?? this.#bursts.get(customerId);
      if (burst?.keys.get(span.spanId) === span.traceId) continue;
      if (burst && burst.newestMs - span.startMs >= maxStepGapMs) continue; // before a gap: cannot join this burst
      if (!burst || span.startMs - burst.newestMs >= maxStepGapMs) burst = { spans: [], keys: new Map(), newestMs: -Infinity, arrivedMs: nowMs };
      touched.delete(customerId);
      touched.set(customerId, burst);
      if (span.startMs < burst.newestMs) unordered.add(burst);
      burst.spans.push(span);
      burst.keys.set(span.spanId, span.traceId);
      burst.newestMs = Math.max(burst.newestMs, span.startMs);
      burst.arrivedMs = Math.max(burst.arrivedMs, nowMs);
      added.push(span);
    }
    for (const burst of unordered) burst.spans.sort((x, y) => x.startMs - y.startMs);
    // Re-inserted in order of their latest span, so the map stays ordered by last activity.
    for (const [customerId, burst] of touched) {
      this.#bursts.delete(customerId);
      this.#bursts.set(customerId, burst);
      if (burst.spans.length <= maxSpansPerCustomer) continue;
      for (const dropped of burst.spans.splice(0, burst.spans.length - maxSpansPerCustomer)) burst.keys.delete(dropped.spanId);
    }
    this.#evictOverCapacity();
    return added;
  }

  /** The carried spans of `customerIds`, ordered by customer then time (the order findFeedbackLoops is fastest on). */
  spansOf(customerIds: Iterable<string>): BusinessSpan[] {
    const result: BusinessSpan[] = [];
    for (const id of [...customerIds].sort()) {
      const burst = this.#bursts.get(id);
      if (burst) for (const s of burst.spans) result.push(s);
    }
    return result;
  }

  /** Drops customers whose latest span is `maxStepGapMs` or more before `nowMs`. */
  dropIdle(nowMs: number): void {
    for (const [customerId, burst] of this.#bursts) {
      if (nowMs - Math.max(burst.newestMs, burst.arrivedMs) >= this.options.maxStepGapMs) this.#bursts.delete(customerId);
    }
  }

  #evictOverCapacity(): void {
    for (const customerId of this.#bursts.keys()) {
      if (this.#bursts.size <= this.options.maxCustomers) return;
      this.#bursts.delete(customerId);
    }
  }
}
