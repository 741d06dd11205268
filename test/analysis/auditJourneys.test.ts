import { describe, expect, it } from 'vitest';
import { auditJourneys } from '../../collector/analysis/auditJourneys.js';
import type { BusinessSpan } from '../../collector/analysis/BusinessSpan.js';
import type { Violation } from '../../collector/analysis/Violation.js';
import { toSpanRef } from '../../collector/analysis/spanRef.js';
import { DAY, HOUR, span, W48 } from '../fixtures/analysis/build.js';

const customers = Array.from({ length: 10 }, (_, i) => `c-${i}`);
const step = (customerId: string, journeyId: string, journeyStep: string, at: number) =>
  span({ customerId, agent: journeyId, journeyId, journeyStep, model: 'command', phase: 'step', intent: 'nurture', startMs: at });
const act = (customerId: string, agent: string, intent: string, at: number) => span({ customerId, agent, model: 'network', phase: 'act', intent, startMs: at });

const spans: BusinessSpan[] = [];
const violations: Violation[] = [];
customers.forEach((c, i) => {
  // welcome: everyone walks day1 → day3 → day7.
  spans.push(step(c, 'welcome', 'day1', W48), step(c, 'welcome', 'day3', W48 + 2 * DAY), step(c, 'welcome', 'day7', W48 + 6 * DAY));
  // kyc: predictable, but 3 customers in 10 get a conflict on its spans.
  const kyc = step(c, 'kyc', 'verify', W48 + HOUR);
  spans.push(kyc);
  if (i < 3) violations.push({ rule: 'r', kind: 'sequence', customerId: c, spans: [{ ...toSpanRef(kyc), role: 'then' }], at: '', atMs: 0 });
  // concierge: every customer a different path, half of them complain afterwards.
  spans.push(act(c, 'concierge', `offer-${i}`, W48 + 3 * HOUR));
  if (i % 2 === 0) spans.push(span({ customerId: c, outcome: 'complained', startMs: W48 + 4 * HOUR }));
  // recommender: different paths, nobody hurt.
  spans.push(act(c, 'recommender', `pick-${i}`, W48 + 5 * HOUR));
});
spans.push(act('c-0', 'tiny', 'x', W48), act('c-1', 'tiny', 'y', W48));

describe('auditJourneys', () => {
  const audit = Object.fromEntries(auditJourneys(spans, violations).map((a) => [a.family, a]));

  it('scores a journey everyone walks the same way as fully predictable, low impact: command', () => {
    expect(audit.welcome).toMatchObject({ customers: 10, distinctPaths: 1, predictability: 1, impact: 0, quadrant: 'predictable-low-impact', recommendation: 'command', model: 'command' });
    expect(audit.welcome?.topPaths[0]).toEqual({ path: ['day1', 'day3', 'day7'], customers: 10 });
  });

  it('keeps a predictable journey whose deviations hurt under command', () => {
    expect(audit.kyc).toMatchObject({ predictability: 1, conflictRate: 0.3, impact: 0.3, quadrant: 'predictable-high-impact', recommendation: 'command' });
  });

  it('recommends a governed network (hybrid) for unpredictable paths with complaints', () => {
    expect(audit.concierge).toMatchObject({ distinctPaths: 10, predictability: 0, complaintRate: 0.5, impact: 0.5, quadrant: 'unpredictable-high-impact', recommendation: 'hybrid' });
  });

  it('recommends network for unpredictable paths that hurt nobody', () => {
    expect(audit.recommender).toMatchObject({ predictability: 0, impact: 0, quadrant: 'unpredictable-low-impact', recommendation: 'network' });
  });

  it('flags verdicts on too few customers', () => {
    expect(audit.tiny?.lowData).toBe(true);
    expect(audit.welcome?.lowData).toBe(false);
  });
});
