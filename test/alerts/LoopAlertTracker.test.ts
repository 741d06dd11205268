import { describe, expect, it } from 'vitest';
import type { CustomerFeedbackLoop } from '../../collector/analysis/findFeedbackLoops.js';
import { LoopAlertTracker } from '../../collector/alerts/index.js';

const MINUTE = 60_000;

function loop(iterations: number, lastSeenMs: number, customerId = 'c1'): CustomerFeedbackLoop {
  return {
    agents: ['a', 'b'],
    customerId,
    iterations,
    firstSeen: '',
    lastSeen: '',
    firstSeenMs: 0,
    lastSeenMs,
    runaway: iterations >= 10,
    evidence: 'causal',
    traceIds: [],
  };
}

const tracker = (resendIntervalMs = 60 * MINUTE) => new LoopAlertTracker({ minIterations: 3, runawayIterations: 10, maxStepGapMs: 10 * MINUTE, resendIntervalMs });
const summary = (notices: ReturnType<LoopAlertTracker['advance']>) => notices.map((n) => `${n.alertname}:${n.status}`);

describe('LoopAlertTracker', () => {
  it('is pending below minIterations, fires once at 3, adds the runaway alert at 10, resolves both after the gap', () => {
    const t = tracker();
    t.observe([loop(2, MINUTE)]);
    expect(t.advance(MINUTE)).toEqual([]);
    expect(t.loops()[0]!.status).toBe('pending');
    t.observe([loop(3, 2 * MINUTE)]);
    expect(summary(t.advance(2 * MINUTE))).toEqual(['FlexixFeedbackLoop:firing']);
    t.observe([loop(3, 2 * MINUTE)]);
    expect(t.advance(3 * MINUTE)).toEqual([]); // the same loop seen again: no duplicate
    t.observe([loop(10, 4 * MINUTE)]);
    expect(summary(t.advance(4 * MINUTE))).toEqual(['FlexixRunawayLoop:firing']);
    expect(t.advance(14 * MINUTE - 1)).toEqual([]);
    const resolved = t.advance(14 * MINUTE);
    expect(summary(resolved)).toEqual(['FlexixFeedbackLoop:resolved', 'FlexixRunawayLoop:resolved']);
    expect(resolved.map((n) => [n.startsAtMs, n.endsAtMs])).toEqual([[2 * MINUTE, 14 * MINUTE], [4 * MINUTE, 14 * MINUTE]]);
    expect(t.loops()).toEqual([]);
  });

  it('re-sends a firing alert every resend interval with the same startsAt, and keeps the largest iteration count', () => {
    const t = tracker(5 * MINUTE);
    t.observe([loop(5, 0)]);
    const [first] = t.advance(0);
    t.observe([loop(4, 4 * MINUTE)]); // trimmed carry-over counts fewer
    expect(t.advance(4 * MINUTE)).toEqual([]);
    const [again] = t.advance(5 * MINUTE);
    expect(first!.resend).toBe(false);
    expect(again!.status).toBe('firing');
    expect(again!.resend).toBe(true);
    expect(again!.startsAtMs).toBe(first!.startsAtMs);
    expect(again!.endsAtMs).toBeGreaterThan(5 * MINUTE);
    expect(again!.loop.iterations).toBe(5);
  });

  it('forgets a pending loop that ends without sending anything, and keeps customers apart', () => {
    const t = tracker();
    t.observe([loop(2, 0, 'c1'), loop(3, 0, 'c2')]);
    expect(t.advance(0).map((n) => n.loop.customerId)).toEqual(['c2']);
    expect(summary(t.advance(10 * MINUTE))).toEqual(['FlexixFeedbackLoop:resolved']);
  });
});
