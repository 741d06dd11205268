import { describe, expect, it } from 'vitest';
import type { FeedbackLoop } from '../../collector/analysis/findFeedbackLoops.js';
import { ACTIVE_WINDOW_MS, buildLoopRows, CHAIN_LINKS_PER_LOOP, summarizeLoops } from '../../ui/src/model/loopsTable.js';
import { buildNetworkMap } from '../../ui/src/model/networkMap.js';

const NOW = Date.UTC(2026, 10, 26, 12);

function loop(agents: string[], lastSeenMs: number, extra: Partial<FeedbackLoop> = {}): FeedbackLoop {
  return {
    agents,
    customerIds: ['c1'],
    iterations: 4,
    maxIterations: 4,
    firstSeen: new Date(lastSeenMs - 60_000).toISOString(),
    lastSeen: new Date(lastSeenMs).toISOString(),
    firstSeenMs: lastSeenMs - 60_000,
    lastSeenMs,
    runaway: false,
    evidence: 'causal',
    traceIds: Array.from({ length: 8 }, (_, i) => `t${i}`),
    ...extra,
  };
}

describe('buildNetworkMap', () => {
  const graph = {
    nodes: [
      { agent: 'loyalty', model: 'network' as const, count: 10 },
      { agent: 'promo', model: 'command' as const, count: 40 },
      { agent: 'care', model: 'network' as const, count: 5 },
    ],
    edges: [
      { from: 'care', to: 'loyalty', count: 7, medianTransitionMs: 1000 },
      { from: 'loyalty', to: 'care', count: 6, medianTransitionMs: 2000 },
      { from: 'promo', to: 'promo', count: 30, medianTransitionMs: 0 },
    ],
  };
  const map = buildNetworkMap(graph, [loop(['care', 'loyalty'], NOW)]);

  it('places command agents before network agents on the unit circle', () => {
    expect(map.nodes.map((n) => n.agent)).toEqual(['promo', 'care', 'loyalty']);
    for (const n of map.nodes) expect(Math.hypot(n.x, n.y)).toBeCloseTo(1);
    // Counter-clockwise from the top: the first half lies on the left.
    expect(map.nodes[0]!.x).toBeLessThan(0);
  });

  it('flags loop edges (wrapping around the cycle), loop agents and two-way pairs', () => {
    expect(map.edges.map((e) => [e.from, e.to, e.inLoop, e.bidirectional])).toEqual([
      ['care', 'loyalty', true, true],
      ['loyalty', 'care', true, true],
      ['promo', 'promo', false, false],
    ]);
    expect(map.nodes.filter((n) => n.inLoop).map((n) => n.agent)).toEqual(['care', 'loyalty']);
    expect([map.maxNodeCount, map.maxEdgeCount]).toEqual([40, 30]);
  });
});

describe('buildLoopRows', () => {
  it('sorts active loops first, then runaway, then most recent, and caps chain links', () => {
    const rows = buildLoopRows(
      [
        loop(['a', 'b'], NOW - 2 * ACTIVE_WINDOW_MS),
        loop(['c'], NOW - 3 * ACTIVE_WINDOW_MS, { runaway: true, customerIds: ['c1', 'c2'] }),
        loop(['d', 'e'], NOW - 60_000),
      ],
      NOW,
    );
    expect(rows.map((r) => [r.cycle, r.status, r.runaway])).toEqual([
      ['d → e → d', 'active', false],
      ['c → c', 'recent', true],
      ['a → b → a', 'recent', false],
    ]);
    expect(rows[0]!.traceIds).toHaveLength(CHAIN_LINKS_PER_LOOP);
    expect(summarizeLoops(rows)).toEqual({ total: 3, active: 1, runaway: 1, customers: 2 });
  });
});
