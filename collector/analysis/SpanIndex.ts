import { LINK_TYPE_CONTEXT_READ } from '../../schemas/semconv.js';
import type { BusinessSpan, BusinessSpanLink } from './BusinessSpan.js';

const AMBIGUOUS = -2;
const NONE = -1;

/** True when a link carries causality (every link except `context_read`, CONTRACT §1). */
export function isCausalLink(link: BusinessSpanLink): boolean {
  return link.type !== LINK_TYPE_CONTEXT_READ;
}

/**
 * Looks spans up by (trace id, span id) and finds parents in O(1) amortised; used where a chain needs span-level edges.
 *
 * Built for a million spans: the map is keyed by span id alone (64-bit random ids rarely collide) and only falls back
 * to a composite key on a real collision, which avoids a million string concatenations.
 */
export class SpanIndex {
  /** The spans, in input order; positions are the indices used by every method. */
  readonly spans: readonly BusinessSpan[];
  private readonly bySpanId = new Map<string, number>();
  private readonly byCompositeKey = new Map<string, number>();
  private readonly duplicate: Uint8Array;
  private parents: Int32Array | undefined;

  constructor(spans: readonly BusinessSpan[]) {
    this.spans = spans;
    this.duplicate = new Uint8Array(spans.length);
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i]!;
      const existing = this.bySpanId.get(s.spanId);
      if (existing === undefined) {
        this.bySpanId.set(s.spanId, i);
        continue;
      }
      if (existing >= 0) {
        const first = spans[existing]!;
        if (first.traceId === s.traceId) {
          // The same span fetched twice (overlapping queries): keep the first copy.
          this.duplicate[i] = 1;
          continue;
        }
        this.bySpanId.set(s.spanId, AMBIGUOUS);
        this.byCompositeKey.set(`${first.traceId}/${first.spanId}`, existing);
      }
      const key = `${s.traceId}/${s.spanId}`;
      if (this.byCompositeKey.has(key)) this.duplicate[i] = 1;
      else this.byCompositeKey.set(key, i);
    }
  }

  /** Number of spans (duplicates included). */
  get size(): number {
    return this.spans.length;
  }

  /** True when the span at `i` repeats an earlier span with the same trace and span id. */
  isDuplicate(i: number): boolean {
    return this.duplicate[i] === 1;
  }

  /** Index of the span with these ids, or -1 when it is not in the set. */
  indexOf(traceId: string, spanId: string): number {
    const i = this.bySpanId.get(spanId);
    if (i === undefined) return NONE;
    if (i >= 0) return this.spans[i]!.traceId === traceId ? i : NONE;
    return this.byCompositeKey.get(`${traceId}/${spanId}`) ?? NONE;
  }

  /** Index of the parent span, or -1 for a root or a parent not in the set. */
  parentOf(i: number): number {
    if (this.parents === undefined) {
      const parents = new Int32Array(this.spans.length);
      for (let k = 0; k < this.spans.length; k++) {
        const s = this.spans[k]!;
        parents[k] = s.parentSpanId === '' ? NONE : this.indexOf(s.traceId, s.parentSpanId);
      }
      this.parents = parents;
    }
    return this.parents[i]!;
  }
}
