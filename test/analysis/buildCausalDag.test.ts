import { describe, expect, it } from 'vitest';
import linkCycle from '../fixtures/analysis/chain-link-cycle.json' with { type: 'json' };
import type { BusinessSpan } from '../../collector/analysis/BusinessSpan.js';
import { buildCausalDag } from '../../collector/analysis/buildCausalDag.js';
import { chainFrontier } from '../../collector/analysis/chainFrontier.js';
import { cycle, MINUTE, W48 } from '../fixtures/analysis/build.js';

const spans = linkCycle as BusinessSpan[];
const trace = (prefix: string): BusinessSpan[] => spans.filter((s) => s.traceId.startsWith(prefix));

describe('buildCausalDag on a chain whose links form a cycle', () => {
  const chain = buildCausalDag(spans);

  it('terminates with every span as a node, in time order, with the contract fields', () => {
    expect(chain.truncated).toBe(false);
    expect(chain.nodes.map((n) => n.spanId)).toEqual(spans.map((s) => s.spanId));
    expect(chain.nodes[3]).toMatchObject({
      traceId: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      spanId: 'b000000000000002',
      agent: 'cms',
      model: 'network',
      name: 'cms.act',
      start: '2026-11-23T00:00:01.002Z',
      durationNs: 1000000,
      intent: 'promote',
    });
    expect(chain.nodes[1]?.event).toBe('points.granted');
  });

  it('draws parent edges parent → child and link edges producer → consumer, across traces', () => {
    const e = chain.edges.map((x) => `${x.from}>${x.to}:${x.kind}`);
    expect(e).toContain('a000000000000001>a000000000000002:parent');
    expect(e).toContain('a000000000000002>b000000000000001:link');
    expect(e).toContain('b000000000000002>c000000000000001:link');
    expect(e).toContain('c000000000000002>a000000000000001:link');
    expect(chain.edges).toHaveLength(7);
  });

  it('marks the edge closing the cycle and lists the cycle', () => {
    expect(chain.edges.filter((x) => x.cycle).map((x) => `${x.from}>${x.to}`)).toEqual(['c000000000000002>a000000000000001']);
    expect(chain.cycles).toEqual([['a000000000000001', 'a000000000000002', 'b000000000000001', 'b000000000000002', 'c000000000000001', 'c000000000000002']]);
  });

  it('keeps context_read links but marks them as not causal', () => {
    const read = chain.edges.find((x) => x.to === 'd000000000000001');
    expect(read).toMatchObject({ from: 'c000000000000002', kind: 'link', linkType: 'context_read', causal: false });
  });

  it('handles a span linking to itself', () => {
    const self = { ...spans[0]!, links: [{ traceId: spans[0]!.traceId, spanId: spans[0]!.spanId }] };
    const c = buildCausalDag([self]);
    expect(c.edges).toHaveLength(1);
    expect(c.edges[0]?.cycle).toBe(true);
  });

  it('caps the node count and says so, keeping the spans nearest the seed', () => {
    const capped = buildCausalDag(spans, { maxNodes: 3, seeds: [{ traceId: 'cccccccccccccccccccccccccccccccc', spanId: 'c000000000000001' }] });
    expect(capped.truncated).toBe(true);
    expect(capped.totalSpans).toBe(7);
    expect(capped.nodes.map((n) => n.spanId).sort()).toEqual(['b000000000000002', 'c000000000000001', 'c000000000000002']);
    expect(buildCausalDag(spans, { maxNodes: 2 }).nodes.map((n) => n.spanId)).toEqual(['a000000000000001', 'a000000000000002']);
  });

  it('stays fast and iterative on a long chain (no recursion limit)', () => {
    const long = cycle({ customerId: 'c', agents: ['a', 'b'], iterations: 10_000, startMs: W48, stepMs: MINUTE, causal: true });
    const c = buildCausalDag(long, { maxNodes: 1_000_000 });
    expect(c.nodes).toHaveLength(long.length);
    expect(c.cycles).toEqual([]);
  });
});

describe('chainFrontier: growing a chain across traces in both directions', () => {
  it('starting from one trace, asks for the linked trace (forward) and for spans linking to it (reverse)', () => {
    const f = chainFrontier(trace('b'));
    expect(f.complete).toBe(false);
    expect(f.traceIds).toEqual(['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb']);
    expect(f.missingSpans).toEqual([{ traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', spanId: 'a000000000000002' }]);
    expect(f.reverseLinkSpanIds.map((r) => r.spanId)).toEqual(['b000000000000001', 'b000000000000002']);
  });

  it('reaches closure once every trace was fetched and every reverse lookup done', () => {
    // Simulate the store: fetch whole traces and linking spans until the frontier is empty.
    const store = spans;
    let have = trace('b');
    const fetchedTraceIds = new Set<string>();
    const reverseLinksChecked = new Set<string>();
    for (let round = 0; round < 10; round++) {
      const f = chainFrontier(have, { fetchedTraceIds, reverseLinksChecked });
      if (f.complete) break;
      const wanted = new Set(f.traceIds);
      const reverse = new Set(f.reverseLinkSpanIds.map((r) => r.spanId));
      const fetched = store.filter((s) => wanted.has(s.traceId) || s.links.some((l) => reverse.has(l.spanId)));
      f.traceIds.forEach((t) => fetchedTraceIds.add(t));
      reverse.forEach((id) => reverseLinksChecked.add(id));
      const known = new Set(have.map((s) => s.spanId));
      have = [...have, ...fetched.filter((s) => !known.has(s.spanId))];
    }
    expect(have.map((s) => s.spanId).sort()).toEqual(spans.map((s) => s.spanId).sort());
    expect(chainFrontier(have, { fetchedTraceIds, reverseLinksChecked }).complete).toBe(true);
  });
});
