import { describe, expect, it } from 'vitest';
import { buildDirectlyFollowsGraph } from '../../collector/analysis/buildDirectlyFollowsGraph.js';
import { event, MINUTE, reaction, SECOND, W48 } from '../fixtures/analysis/build.js';

// No context propagated anywhere: only customer ids and times.
const spans = [
  ...reaction({ customerId: 'c-1', agent: 'loyalty', atMs: W48, emits: 'points.granted' }).spans,
  ...reaction({ customerId: 'c-1', agent: 'cms', atMs: W48 + MINUTE, intent: 'promote' }).spans,
  ...reaction({ customerId: 'c-1', agent: 'chatbot', atMs: W48 + 5 * MINUTE, intent: 'nurture' }).spans,
  ...reaction({ customerId: 'c-2', agent: 'loyalty', atMs: W48 + 5 * MINUTE + SECOND, emits: 'points.granted' }).spans,
  ...reaction({ customerId: 'c-2', agent: 'cms', atMs: W48 + 8 * MINUTE + SECOND, intent: 'promote' }).spans,
  ...reaction({ customerId: 'c-3', agent: 'loyalty', atMs: W48 + 9 * MINUTE, emits: 'points.granted' }).spans,
  ...reaction({ customerId: 'c-3', agent: 'cms', atMs: W48 + 11 * MINUTE, intent: 'promote' }).spans,
  event(undefined, 'inventory.out_of_stock', W48 + 2 * MINUTE, { agent: 'inventory' }),
];

describe('buildDirectlyFollowsGraph', () => {
  const g = buildDirectlyFollowsGraph(spans, { perCustomer: true });

  it('counts each agent action once (not its sense/learn sub-spans)', () => {
    expect(g.nodes).toEqual([
      { agent: 'cms', model: 'network', count: 3 },
      { agent: 'loyalty', model: 'network', count: 3 },
      { agent: 'chatbot', model: 'network', count: 1 },
    ]);
  });

  it('sums per-customer transitions with an exact median transition time', () => {
    expect(g.edges).toEqual([
      // 1, 3 and 2 minutes: median 2 minutes.
      { from: 'loyalty', to: 'cms', count: 3, medianTransitionMs: 2 * MINUTE },
      { from: 'cms', to: 'chatbot', count: 1, medianTransitionMs: 4 * MINUTE },
    ]);
  });

  it('never joins two customers, nor global events', () => {
    expect(g.edges.some((e) => e.from === 'chatbot' || e.to === 'loyalty' || e.from === 'inventory')).toBe(false);
  });

  it('gives each customer their own graph', () => {
    expect(g.customers?.map((c) => [c.customerId, c.edges.length])).toEqual([
      ['c-1', 2],
      ['c-2', 1],
      ['c-3', 1],
    ]);
  });

  it('can ignore transitions that are too far apart', () => {
    const near = buildDirectlyFollowsGraph(spans, { maxTransitionMs: 2 * MINUTE });
    expect(near.edges).toEqual([{ from: 'loyalty', to: 'cms', count: 2, medianTransitionMs: MINUTE }]);
  });
});
