import { LINK_TYPE_CONTEXT_READ } from '../../schemas/semconv.js';
import type { BusinessSpan, BusinessSpanLink } from './BusinessSpan.js';

const AMBIGUOUS = -2;
const NONE = -1;

/** True when a link carries causality (every link except `context_read`, CONTRACT §1). */
export function isCausalLink(link: BusinessSpanLink): boolean {
  return link.type !== LINK_TYPE_CONTEXT_READ;
}

/**
 * Looks spans up by (trace id, span id) and answers structural questions (parent, causal unit) in O(1) amortised.
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
  private units: Int32Array | undefined;

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

  /**
   * The causal unit of a span: its nearest ancestor-or-self that starts a reaction (has a causal link), is a root, or
   * whose parent is not in the set. A unit is one piece of synchronous work; units are joined to each other by links.
   * Cycle-safe on malformed parent chains (the cycle is cut where it is found).
   */
  unitOf(i: number): number {
    if (this.units === undefined) this.units = new Int32Array(this.spans.length).fill(NONE);
    const units = this.units;
    const known = units[i]!;
    if (known !== NONE) return known;
    const path: number[] = [];
    const onPath = new Set<number>();
    let cur = i;
    let unit: number;
    for (;;) {
      const cached = units[cur]!;
      if (cached !== NONE) {
        unit = cached;
        break;
      }
      path.push(cur);
      onPath.add(cur);
      const parent = this.parentOf(cur);
      if (parent === NONE || this.spans[cur]!.links.some(isCausalLink) || onPath.has(parent)) {
        unit = cur;
        break;
      }
      cur = parent;
    }
    for (const p of path) units[p] = unit;
    return unit;
  }

  /**
   * Units that directly caused the given unit: the unit of each causal link target in the set, and the parent's unit
   * when the unit root has both a parent and links.
   */
  causalPredecessorUnits(unit: number): number[] {
    const root = this.spans[unit]!;
    const result: number[] = [];
    const parent = this.parentOf(unit);
    if (parent !== NONE) result.push(this.unitOf(parent));
    for (const link of root.links) {
      if (!isCausalLink(link)) continue;
      const target = this.indexOf(link.traceId, link.spanId);
      if (target !== NONE) result.push(this.unitOf(target));
    }
    return result;
  }

  /**
   * True when unit `to` is reachable backwards from unit `from` through causal predecessors in at most `maxHops`
   * steps, i.e. `to` caused `from` directly or through a few intermediate reactions (e.g. a bus relay span).
   */
  isCausedBy(from: number, to: number, maxHops = 4): boolean {
    if (from === to) return true;
    let frontier = [from];
    const seen = new Set<number>(frontier);
    for (let hop = 0; hop < maxHops && frontier.length > 0; hop++) {
      const next: number[] = [];
      for (const u of frontier) {
        for (const p of this.causalPredecessorUnits(u)) {
          if (p === to) return true;
          if (!seen.has(p)) {
            seen.add(p);
            next.push(p);
          }
        }
      }
      frontier = next;
    }
    return false;
  }
}
