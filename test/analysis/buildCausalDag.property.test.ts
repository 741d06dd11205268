import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBusinessSpan } from '../../collector/analysis/BusinessSpan.js';
import { buildCausalDag } from '../../collector/analysis/buildCausalDag.js';
import { W48 } from '../fixtures/analysis/build.js';

const id = (n: number) => n.toString(16).padStart(16, '0');
const trace = (n: number) => n.toString(16).padStart(32, '0');

/** Random spans in 3 traces with arbitrary parents and links (self links, cycles, dangling ids included). */
const graphArb = fc.array(
  fc.record({ trace: fc.integer({ min: 0, max: 2 }), parent: fc.integer({ min: -1, max: 40 }), links: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 3 }) }),
  { minLength: 1, maxLength: 30 },
);

describe('buildCausalDag on arbitrary link structures', () => {
  it('terminates, keeps every edge whose ends exist, and removing the flagged edges leaves no cycle', () => {
    fc.assert(
      fc.property(graphArb, (nodes) => {
        const spans = nodes.map((n, i) =>
          createBusinessSpan({
            traceId: trace(n.trace),
            spanId: id(i),
            parentSpanId: n.parent < 0 ? '' : id(n.parent),
            name: 's',
            serviceName: 'svc',
            startMs: W48 + i,
            durationNs: 0,
            links: n.links.map((l) => ({ traceId: trace(nodes[l]?.trace ?? 9), spanId: id(l) })),
            attributes: {},
          }),
        );
        const chain = buildCausalDag(spans);
        expect(chain.nodes).toHaveLength(spans.length);
        // Kahn's algorithm on the edges that are not flagged as closing a cycle.
        const kept = chain.edges.filter((e) => !e.cycle);
        const indegree = new Map(chain.nodes.map((n) => [n.spanId, 0]));
        for (const e of kept) indegree.set(e.to, indegree.get(e.to)! + 1);
        const queue = [...indegree].filter(([, d]) => d === 0).map(([k]) => k);
        let seen = 0;
        while (queue.length) {
          const n = queue.pop()!;
          seen++;
          for (const e of kept.filter((x) => x.from === n)) {
            indegree.set(e.to, indegree.get(e.to)! - 1);
            if (indegree.get(e.to) === 0) queue.push(e.to);
          }
        }
        expect(seen).toBe(chain.nodes.length);
        // Every cycle listed is closed by a flagged edge from its last to its first span.
        for (const c of chain.cycles) expect(chain.edges.some((e) => e.cycle && e.from === c[c.length - 1] && e.to === c[0])).toBe(true);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
