import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusinessSpan } from '../../collector/analysis/BusinessSpan.js';
import { evaluateHandbook } from '../../collector/analysis/evaluateHandbook.js';
import { compileMatcher } from '../../collector/analysis/matchSpan.js';
import { compareSpans } from '../../collector/analysis/spanRef.js';
import { parseDurationMs, parseHandbook, type Handbook } from '../../schemas/handbook.js';
import { HOUR, span, W48 } from '../fixtures/analysis/build.js';

/**
 * The sweep/two-pointer evaluator against a direct, quadratic reading of CONTRACT §2 on small random span sets: for each
 * customer, the customer's spans plus every global span, each potential anchor checked against all others.
 */
const handbook = parseHandbook({
  rules: [
    { id: 'either', kind: 'contradiction', a: { intent: 'upgrade' }, b: { intent: 'apology' }, within: '3h' },
    { id: 'a-then-b', kind: 'contradiction', a: { intent: 'upgrade' }, b: { event: 'oos' }, within: '2h', order: 'a-then-b' },
    { id: 'b-then-a', kind: 'contradiction', a: { intent: 'promote' }, b: { event: 'oos' }, within: '4h', order: 'b-then-a', sameSubject: true },
    { id: 'freq', kind: 'frequency', match: { intent: 'discount' }, max: 1, within: '3h' },
    { id: 'freq-global', kind: 'frequency', match: { event: 'oos' }, max: 1, within: '2h' },
    { id: 'seq', kind: 'sequence', first: { event: 'oos' }, then: { intent: 'promote' } },
  ],
});

function reference(book: Handbook, spans: BusinessSpan[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const customers = [...new Set(spans.flatMap((s) => (s.customerId === undefined ? [] : [s.customerId])))];
  for (const rule of book.rules) {
    for (const c of customers) {
      const list = spans.filter((s) => (s.customerId === c || s.customerId === undefined) && s.decision === undefined).sort(compareSpans);
      let n = 0;
      if (rule.kind === 'contradiction') {
        const isA = compileMatcher(rule.a);
        const isB = compileMatcher(rule.b);
        const within = parseDurationMs(rule.within);
        list.forEach((x, i) => {
          const partnerOf = (isOther: (s: BusinessSpan) => boolean) =>
            list.some((y, j) => {
              if (y === x || !isOther(y) || x.startMs - y.startMs > within) return false;
              if (rule.sameSubject && (x.subject === undefined || x.subject !== y.subject)) return false;
              return rule.order === undefined ? j < i : y.startMs <= x.startMs;
            });
          const asB = isB(x) && rule.order !== 'b-then-a' && partnerOf(isA);
          const asA = isA(x) && rule.order !== 'a-then-b' && partnerOf(isB);
          if (asA || asB) n++;
        });
      } else if (rule.kind === 'frequency') {
        const match = compileMatcher(rule.match);
        const within = parseDurationMs(rule.within);
        const matching = list.filter(match);
        matching.forEach((x, i) => {
          if (matching.slice(0, i + 1).filter((y) => x.startMs - y.startMs <= within).length > rule.max) n++;
        });
      } else {
        const first = compileMatcher(rule.first);
        const then = compileMatcher(rule.then);
        for (const x of list) if (then(x) && !list.some((y) => y !== x && first(y) && y.startMs <= x.startMs)) n++;
      }
      if (n > 0) counts[`${rule.id}|${c}`] = n;
    }
  }
  return counts;
}

const spanArb = fc.record({
  customerId: fc.constantFrom('c1', 'c2', 'c3', undefined),
  intent: fc.constantFrom('upgrade', 'apology', 'promote', 'discount', undefined),
  event: fc.constantFrom('oos', undefined),
  subject: fc.constantFrom('s1', 's2', undefined),
  hour: fc.integer({ min: 0, max: 12 }),
  deny: fc.boolean(),
});

describe('evaluateHandbook matches a direct reading of the contract', () => {
  it('on random span sets with global spans, ties and same-subject rules', () => {
    fc.assert(
      fc.property(fc.array(spanArb, { maxLength: 25 }), (specs) => {
        const spans = specs.map((x) =>
          span({
            agent: 'agent',
            customerId: x.customerId,
            intent: x.intent,
            event: x.event,
            subject: x.subject,
            startMs: W48 + x.hour * HOUR,
            decision: x.deny && x.intent === 'discount' ? 'deny' : undefined,
          }),
        );
        const counts: Record<string, number> = {};
        for (const v of evaluateHandbook(handbook, spans)) counts[`${v.rule}|${v.customerId}`] = (counts[`${v.rule}|${v.customerId}`] ?? 0) + 1;
        expect(counts).toEqual(reference(handbook, spans));
      }),
      { numRuns: 400, seed: 4 },
    );
  });
});
