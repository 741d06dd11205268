import { describe, expect, it } from 'vitest';
import { isLoopCandidate } from '../../collector/analysis/actionSteps.js';
import { findFeedbackLoops } from '../../collector/analysis/findFeedbackLoops.js';
import { LoopSpanCompactor } from '../../collector/alerts/LoopSpanCompactor.js';
import { cycle, MINUTE, reaction, SECOND, W48 } from '../fixtures/analysis/build.js';

describe('LoopSpanCompactor', () => {
  it('keeps everything loop finding reads: the same loops from compact spans', () => {
    const spans = [
      ...cycle({ customerId: 'c-1', agents: ['care', 'loyalty', 'marketing'], iterations: 4, startMs: W48, stepMs: MINUTE, causal: true }),
      ...cycle({ customerId: 'c-2', agents: ['pricing'], iterations: 3, startMs: W48, stepMs: 30 * SECOND, causal: false, hops: true }),
      ...reaction({ customerId: 'c-3', agent: 'onboarding', model: 'command', atMs: W48, journeyId: 'onboarding', journeyStep: 'welcome', intent: 'nurture' }).spans,
    ].filter(isLoopCandidate);
    const compactor = new LoopSpanCompactor();
    // Compacted in place: copies, so the originals stay to compare with.
    const compact = spans.map((s) => compactor.compact({ ...s }));
    expect(findFeedbackLoops(compact)).toEqual(findFeedbackLoops(spans));
    expect(compact.every((s) => s.name === '' && Object.keys(s.attributes).length === 0)).toBe(true);
    expect(compact.map((s) => [s.customerId, s.agent, s.phase, s.rule, s.decision, s.hop])).toEqual(
      spans.map((s) => [s.customerId, s.agent, s.phase, s.rule, s.decision, s.hop]),
    );
  });
});
