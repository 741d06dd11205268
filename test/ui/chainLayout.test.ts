import { describe, expect, it } from 'vitest';
import type { ChainEdge } from '../../collector/analysis/buildCausalDag.js';
import { syntheticChain } from '../../bench/ui.js';
import { LAYER_GAP, layoutChain, neighboursOf, nodeAt } from '../../ui/src/model/chainLayout.js';
import { node } from './fixtures.js';

const edge = (from: string, to: string, kind: ChainEdge['kind'] = 'parent', extra: Partial<ChainEdge> = {}): ChainEdge => ({
  from,
  to,
  kind,
  fromTraceId: 't1',
  toTraceId: 't1',
  causal: true,
  ...extra,
});

describe('layoutChain', () => {
  it('layers by longest path: a node sits right of its furthest predecessor', () => {
    const nodes = ['a', 'b', 'c', 'd'].map((id, i) => node(id, 'x', i));
    // a → b → c, and a → c directly: c is on layer 2, not 1.
    const layout = layoutChain({ nodes, edges: [edge('a', 'b'), edge('b', 'c'), edge('a', 'c', 'link'), edge('c', 'd')] });
    expect([...layout.layer]).toEqual([0, 1, 2, 3]);
    expect(layout.x[2]).toBe(2 * LAYER_GAP);
    expect(layout.layerCount).toBe(4);
  });

  it('terminates on cycles the server flagged and on ones it did not, marking them', () => {
    const nodes = ['a', 'b', 'c'].map((id, i) => node(id, 'x', i));
    const flagged = layoutChain({ nodes, edges: [edge('a', 'b', 'link'), edge('b', 'c', 'link'), edge('c', 'a', 'link', { cycle: true })] });
    expect([...flagged.layer]).toEqual([0, 1, 2]);
    expect(flagged.edges[2]!.cycle).toBe(true);
    const unflagged = layoutChain({ nodes, edges: [edge('a', 'b', 'link'), edge('b', 'c', 'link'), edge('c', 'a', 'link')] });
    expect(unflagged.edges.filter((e) => e.cycle)).toHaveLength(1);
    expect([...unflagged.onCycle].filter(Boolean).length).toBeGreaterThanOrEqual(2);
    // A span linking to itself is a cycle of one.
    expect(layoutChain({ nodes: [nodes[0]!], edges: [edge('a', 'a', 'link')] }).edges[0]!.cycle).toBe(true);
  });

  it('orders a layer by barycentre so that edges do not cross needlessly', () => {
    // Roots r1, r2; children c2 (of r2) and c1 (of r1) arrive in the opposite time order.
    const nodes = [node('r1', 'x', 0), node('r2', 'x', 1), node('c2', 'x', 2), node('c1', 'x', 3)];
    const layout = layoutChain({ nodes, edges: [edge('r1', 'c1'), edge('r2', 'c2')] });
    expect(layout.y[3]! < layout.y[2]!).toBe(layout.y[0]! < layout.y[1]!);
  });

  it('drops edges to spans outside the chain and finds nodes and neighbours', () => {
    const nodes = [node('a', 'x', 0), node('b', 'x', 1), node('c', 'x', 2)];
    const layout = layoutChain({ nodes, edges: [edge('a', 'b'), edge('b', 'c', 'link'), edge('zz', 'a', 'link')] });
    expect(layout.edges).toHaveLength(2);
    expect(neighboursOf(layout, 1)).toEqual({ parents: [0], children: [], linkedFrom: [], linkedTo: [2] });
    expect(nodeAt(layout, layout.x[2]! + 3, layout.y[2]!, 10)).toBe(2);
    expect(nodeAt(layout, 1e6, 1e6, 10)).toBe(-1);
  });

  it('lays out 5,000 nodes well under the time budget of an interactive view', () => {
    const chain = syntheticChain(5000);
    const started = performance.now();
    const layout = layoutChain(chain);
    const ms = performance.now() - started;
    expect(layout.nodes).toHaveLength(5000);
    expect(layout.edges.filter((e) => e.cycle).length).toBeGreaterThanOrEqual(chain.cycles.length);
    // Every non-cycle edge goes strictly rightward.
    for (const e of layout.edges) if (!e.cycle) expect(layout.layer[e.target]!).toBeGreaterThan(layout.layer[e.source]!);
    expect(ms).toBeLessThan(500);
  });
});
