/**
 * The per-customer carry-over that makes loop evaluation incremental: each evaluation reads only the spans stored
 * since the last one, and a loop that started earlier is still seen whole because each customer's current burst of
 * activity (spans less than `maxStepGapMs` apart, CONTRACT §1) is kept here between evaluations.
 *
 * Bounded: a customer idle for `maxStepGapMs` is dropped (no later step can join that burst), a burst keeps only its
 * latest `maxSpansPerCustomer` spans (the tracker keeps the largest iteration count seen, so trimming a long runaway
 * loop does not lower its alert), and past `maxCustomers` customers or `maxSpans` spans in all, the least recently
 * active customers are dropped first (a customer in a loop keeps acting, so it is among the last to go). The total
 * bound is what keeps memory flat when many customers are busy at once.
 */
import type { BusinessSpan } from '../analysis/BusinessSpan.js';

/** Bounds of a {@link CustomerSpanCarryOver}. */
export interface CarryOverOptions {
  maxStepGapMs: number;
  maxSpansPerCustomer: number;
  maxCustomers: number;
  maxSpans: number;
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
  /** Spans in all bursts. */
  #carried = 0;

  constructor(private readonly options: CarryOverOptions) {}

  /** Customers currently carried. */
  get customers(): number {
    return this.#bursts.size;
  }

  /** Spans currently carried, all customers together. */
  get spans(): number {
    return this.#carried;
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
      if (!burst || span.startMs - burst.newestMs >= maxStepGapMs) {
        // A burst begun earlier in this call and now ended by a gap was never stored: its spans leave the count here.
        if (burst && burst !== this.#bursts.get(customerId)) this.#carried -= burst.spans.length;
        burst = { spans: [], keys: new Map(), newestMs: -Infinity, arrivedMs: nowMs };
      }
      touched.delete(customerId);
      touched.set(customerId, burst);
      if (span.startMs < burst.newestMs) unordered.add(burst);
      burst.spans.push(span);
      this.#carried++;
      burst.keys.set(span.spanId, span.traceId);
      burst.newestMs = Math.max(burst.newestMs, span.startMs);
      burst.arrivedMs = Math.max(burst.arrivedMs, nowMs);
      added.push(span);
    }
    for (const burst of unordered) burst.spans.sort((x, y) => x.startMs - y.startMs);
    // Re-inserted in order of their latest span, so the map stays ordered by last activity.
    for (const [customerId, burst] of touched) {
      const stored = this.#bursts.get(customerId);
      if (stored !== undefined && stored !== burst) this.#carried -= stored.spans.length;
      this.#bursts.delete(customerId);
      this.#bursts.set(customerId, burst);
      if (burst.spans.length <= maxSpansPerCustomer) continue;
      const dropped = burst.spans.splice(0, burst.spans.length - maxSpansPerCustomer);
      for (const d of dropped) burst.keys.delete(d.spanId);
      this.#carried -= dropped.length;
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
      if (nowMs - Math.max(burst.newestMs, burst.arrivedMs) >= this.options.maxStepGapMs) this.#drop(customerId, burst);
    }
  }

  #evictOverCapacity(): void {
    for (const [customerId, burst] of this.#bursts) {
      if (this.#bursts.size <= this.options.maxCustomers && this.#carried <= this.options.maxSpans) return;
      this.#drop(customerId, burst);
    }
  }

  #drop(customerId: string, burst: Burst): void {
    this.#bursts.delete(customerId);
    this.#carried -= burst.spans.length;
  }
}
