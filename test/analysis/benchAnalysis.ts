/**
 * Benchmark script (not a test): times the pure analysis functions on synthetic span sets shaped like the engine's
 * output. Run: `npx tsx test/analysis/benchAnalysis.ts [spans]` (default 1,000,000).
 */
import { buildCausalDag } from '../../collector/analysis/buildCausalDag.js';
import { buildDirectlyFollowsGraph } from '../../collector/analysis/buildDirectlyFollowsGraph.js';
import { evaluateHandbook } from '../../collector/analysis/evaluateHandbook.js';
import { findFeedbackLoops } from '../../collector/analysis/findFeedbackLoops.js';
import { parseHandbook } from '../../schemas/handbook.js';
import { createBusinessSpan, type BusinessSpan } from '../../collector/analysis/BusinessSpan.js';
import { compareSpans } from '../../collector/analysis/spanRef.js';
import { syntheticBusinessSpans } from './benchAnalysisData.js';

function time<T>(label: string, fn: () => T, runs = 5): T {
  let result!: T;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = fn();
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  console.log(`${label}: median ${times[Math.floor(runs / 2)]!.toFixed(0)} ms (runs: ${times.map((x) => x.toFixed(0)).join(', ')})`);
  return result;
}

const count = Number(process.argv[2] ?? 1_000_000);
const spans = syntheticBusinessSpans(count);
console.log(`${spans.length} synthetic spans`);
const handbook = parseHandbook({
  rules: [
    { id: 'upgrade-vs-overbooking', kind: 'contradiction', a: { intent: 'upgrade_offer' }, b: { intent: 'overbooking_apology' }, within: '48h' },
    { id: 'no-promo-when-out-of-stock', kind: 'contradiction', a: { intent: 'promote' }, b: { event: 'inventory.out_of_stock' }, sameSubject: true, within: '7d', order: 'b-then-a' },
    { id: 'one-discount-per-30d', kind: 'frequency', match: { intent: 'discount_offer' }, max: 1, within: '30d' },
    { id: 'kyc-before-account', kind: 'sequence', first: { event: 'kyc.passed' }, then: { event: 'account.opened' } },
  ],
});
time('baseline: one pass counting spans per customer (Map)', () => {
  const counts = new Map<string, number>();
  for (const s of spans) if (s.customerId !== undefined) counts.set(s.customerId, (counts.get(s.customerId) ?? 0) + 1);
  return counts.size;
});
const loops = time('findFeedbackLoops (arbitrary order)', () => findFeedbackLoops(spans));
console.log(`  ${loops.loops.length} merged loops, ${loops.perCustomer.length} per customer`);
// The store reads a table ordered by customer: rows decoded in that order (re-allocated so memory order matches).
const byCustomer = [...spans]
  .sort((x, y) => {
    const a = x.customerId ?? '';
    const b = y.customerId ?? '';
    return a < b ? -1 : a > b ? 1 : compareSpans(x, y);
  })
  .map((s) => createBusinessSpan(JSON.parse(JSON.stringify(s)) as BusinessSpan));
time('findFeedbackLoops (ordered by customer, time)', () => findFeedbackLoops(byCustomer));
const violations = time('evaluateHandbook (4 rules)', () => evaluateHandbook(handbook, spans));
console.log(`  ${violations.length} violations`);
time('buildDirectlyFollowsGraph', () => buildDirectlyFollowsGraph(spans));
const oneCustomer = spans.filter((s) => s.customerId === 'cust-0');
time(`buildCausalDag (one customer, ${oneCustomer.length} spans)`, () => buildCausalDag(oneCustomer), 9);
time('buildCausalDag (all spans, cap 5000)', () => buildCausalDag(spans));
