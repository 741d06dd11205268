import type { BusinessSpan } from './BusinessSpan.js';
import { isCausalLink } from './SpanIndex.js';

/** Intermediate traces allowed between two causally joined steps (e.g. a bus relay). */
export const DEFAULT_MAX_CAUSAL_HOPS = 4;

/**
 * Causality between traces: trace Y was caused by trace X when a span of Y has a causal link (CONTRACT §1) to a span
 * of X, directly or through a few intermediate traces. Spans of one trace are joined by parent/child already.
 *
 * Trace-level on purpose: it is built in one cheap pass over the spans that carry links, where a span-level index of a
 * million spans would cost more than the whole loop scan.
 */
export class TraceLinkGraph {
  /** Trace → traces it links to (its causes). */
  private readonly causes = new Map<string, string[]>();

  /**
   * `onlyTraces`: record only the links of spans in these traces (the traces being judged), to keep the map small.
   * `candidates`: indices of the spans that carry links, when a previous pass already found them.
   */
  constructor(spans: readonly BusinessSpan[], onlyTraces?: ReadonlySet<string>, candidates?: readonly number[]) {
    const count = candidates ? candidates.length : spans.length;
    for (let k = 0; k < count; k++) {
      const s = spans[candidates ? candidates[k]! : k]!;
      const links = s.links;
      if (links.length === 0 || (onlyTraces !== undefined && !onlyTraces.has(s.traceId))) continue;
      for (const link of links) {
        if (link.traceId === s.traceId || !isCausalLink(link)) continue;
        const list = this.causes.get(s.traceId);
        if (list === undefined) this.causes.set(s.traceId, [link.traceId]);
        else if (!list.includes(link.traceId)) list.push(link.traceId);
      }
    }
  }

  /** True when trace `effect` is trace `cause`, or was caused by it within `maxHops` links. */
  isCausedBy(effect: string, cause: string, maxHops = DEFAULT_MAX_CAUSAL_HOPS): boolean {
    if (effect === cause) return true;
    let frontier = [effect];
    const seen = new Set(frontier);
    for (let hop = 0; hop < maxHops && frontier.length > 0; hop++) {
      const next: string[] = [];
      for (const t of frontier) {
        for (const c of this.causes.get(t) ?? []) {
          if (c === cause) return true;
          if (!seen.has(c)) {
            seen.add(c);
            next.push(c);
          }
        }
      }
      frontier = next;
    }
    return false;
  }
}
