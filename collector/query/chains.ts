/**
 * Causal chains across traces (CONTRACT §1): starting from seed traces, fetch whole traces (parent/child), the
 * traces their links point to, and the traces whose spans link back into them, until nothing new is reachable or
 * the node cap is passed. The graph itself is built by the pure {@link buildCausalDag}.
 */
import { buildCausalDag, type CausalChain } from '../analysis/buildCausalDag.js';
import type { BusinessSpan } from '../analysis/BusinessSpan.js';
import { chainFrontier } from '../analysis/chainFrontier.js';
import type { SpanStore } from '../store/SpanStore.js';

/** Default and maximum node caps of a chain response. */
export const CHAIN_NODE_CAP = { default: 5000, max: 50_000 } as const;

/** Fetches the chain reachable from the seed traces and builds its DAG, capped at `maxNodes` nodes. */
export async function loadChain(store: SpanStore, seedTraceIds: readonly string[], maxNodes: number): Promise<CausalChain> {
  const fetched = new Set<string>();
  const spans: BusinessSpan[] = [];
  let frontier = [...new Set(seedTraceIds)];
  // Every round fetches only traces not fetched before, so the loop ends on link cycles too.
  while (frontier.length > 0 && spans.length <= maxNodes) {
    const [found, linking] = await Promise.all([store.getChainSpans(frontier), store.getLinkingTraceIds(frontier)]);
    for (const t of frontier) fetched.add(t);
    for (const s of found) spans.push(s);
    const forward = chainFrontier(spans, { fetchedTraceIds: fetched }).traceIds;
    frontier = [...new Set([...forward, ...linking])].filter((t) => !fetched.has(t));
  }
  const chain = buildCausalDag(spans, { maxNodes, seeds: [] });
  // Traces still unfetched when the cap stopped the walk also make the chain incomplete.
  return frontier.length > 0 ? { ...chain, truncated: true } : chain;
}
