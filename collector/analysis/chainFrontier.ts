import type { BusinessSpan } from './BusinessSpan.js';
import { SpanIndex } from './SpanIndex.js';

/** What the store has already asked for while expanding a chain. */
export interface ChainFrontierKnown {
  /** Traces already fetched whole. */
  fetchedTraceIds?: ReadonlySet<string>;
  /** Span ids (lower-case) whose incoming links (spans linking to them) were already looked up. */
  reverseLinksChecked?: ReadonlySet<string>;
}

/** What to fetch next to grow a chain towards closure. */
export interface ChainFrontier {
  /** Traces seen (in the set or as link targets) but not fetched whole yet: fetch all their spans. */
  traceIds: string[];
  /** Parents and link targets that are referenced but missing, in traces not fetched yet. */
  missingSpans: Array<{ traceId: string; spanId: string }>;
  /** Spans in the set whose incoming links are unknown: fetch the spans that link to them (the other direction). */
  reverseLinkSpanIds: Array<{ traceId: string; spanId: string }>;
  /** True when there is nothing left to fetch: the chain is closed. */
  complete: boolean;
}

/**
 * The frontier of a partially fetched chain. A chain (CONTRACT §1) is everything reachable through parent/child and
 * links in both directions, so the store alternates fetch → frontier until `complete` or its node cap: whole traces
 * (parent/child), linked traces (forward links) and linking spans (reverse links, which only the store can find).
 * Pure: it never fetches, and repeated ids are reported once.
 */
export function chainFrontier(spans: readonly BusinessSpan[], known: ChainFrontierKnown = {}): ChainFrontier {
  const fetched = known.fetchedTraceIds ?? new Set<string>();
  const checked = known.reverseLinksChecked ?? new Set<string>();
  const index = new SpanIndex(spans);
  const traceIds = new Set<string>();
  const missing = new Map<string, { traceId: string; spanId: string }>();
  const reverse: Array<{ traceId: string; spanId: string }> = [];
  const noteMissing = (traceId: string, spanId: string): void => {
    if (fetched.has(traceId) || index.indexOf(traceId, spanId) !== -1) return;
    missing.set(`${traceId}/${spanId}`, { traceId, spanId });
    traceIds.add(traceId);
  };
  for (let i = 0; i < spans.length; i++) {
    if (index.isDuplicate(i)) continue;
    const s = spans[i]!;
    if (!fetched.has(s.traceId)) traceIds.add(s.traceId);
    if (s.parentSpanId !== '') noteMissing(s.traceId, s.parentSpanId);
    for (const link of s.links) noteMissing(link.traceId, link.spanId);
    if (!checked.has(s.spanId)) reverse.push({ traceId: s.traceId, spanId: s.spanId });
  }
  const result = { traceIds: [...traceIds].sort(), missingSpans: [...missing.values()], reverseLinkSpanIds: reverse };
  return { ...result, complete: result.traceIds.length === 0 && result.reverseLinkSpanIds.length === 0 };
}
