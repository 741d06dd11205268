import { describe, expect, it } from 'vitest';
import { findFeedbackLoops } from '../../collector/analysis/findFeedbackLoops.js';
import { child, cycle, HOUR, MINUTE, reaction, SECOND, span, W48 } from '../fixtures/analysis/build.js';
import type { BusinessSpan } from '../../collector/analysis/BusinessSpan.js';

describe('feedback loops that are there', () => {
  it('finds a causal length-1 loop (an agent re-triggering itself)', () => {
    const spans = cycle({ customerId: 'c-1', agents: ['pricing'], iterations: 3, startMs: W48, stepMs: 30 * SECOND, causal: true });
    const { loops } = findFeedbackLoops(spans);
    expect(loops).toHaveLength(1);
    expect(loops[0]).toMatchObject({ agents: ['pricing'], customerIds: ['c-1'], iterations: 3, evidence: 'causal', runaway: false });
    expect(loops[0]?.firstSeen).toBe(new Date(W48 + 2).toISOString());
    expect(loops[0]?.lastSeen).toBe(new Date(W48 + 60 * SECOND + 2).toISOString());
  });

  it('finds a causal length-2 loop across traces, rotated to start at the smallest agent id', () => {
    const spans = cycle({ customerId: 'c-1', agents: ['loyalty', 'cms'], iterations: 4, startMs: W48, stepMs: MINUTE, causal: true });
    const { loops } = findFeedbackLoops(spans);
    expect(loops).toHaveLength(1);
    expect(loops[0]).toMatchObject({ agents: ['cms', 'loyalty'], iterations: 4, evidence: 'causal' });
    // Every reaction is its own trace, all listed.
    expect(loops[0]?.traceIds).toHaveLength(8);
  });

  it('finds an inferred length-3 loop when no context was propagated', () => {
    const spans = cycle({ customerId: 'c-9', agents: ['risk', 'chatbot', 'support'], iterations: 3, startMs: W48, stepMs: 2 * MINUTE, causal: false });
    const { loops } = findFeedbackLoops(spans);
    expect(loops).toHaveLength(1);
    expect(loops[0]).toMatchObject({ agents: ['chatbot', 'support', 'risk'], iterations: 3, evidence: 'inferred' });
  });

  it('finds a causal length-3 loop and an inferred length-1 loop', () => {
    const spans = [
      ...cycle({ customerId: 'c-1', agents: ['risk', 'chatbot', 'support'], iterations: 3, startMs: W48, stepMs: MINUTE, causal: true }),
      ...cycle({ customerId: 'c-2', agents: ['pricing'], iterations: 4, startMs: W48, stepMs: MINUTE, causal: false }),
    ];
    const { loops } = findFeedbackLoops(spans);
    expect(loops.map((l) => [l.agents.join(','), l.evidence, l.iterations])).toEqual([
      ['pricing', 'inferred', 4],
      ['chatbot,support,risk', 'causal', 3],
    ]);
  });

  it('keeps a loop whose reactions share one simulated timestamp in causal order by hop', () => {
    const spans = cycle({ customerId: 'c-1', agents: ['loyalty', 'cms'], iterations: 5, startMs: W48, stepMs: 0, causal: true, hops: true });
    // Shuffle: the input order must not matter.
    spans.reverse();
    expect(findFeedbackLoops(spans).loops[0]).toMatchObject({ agents: ['cms', 'loyalty'], iterations: 5, evidence: 'causal' });
  });

  it('treats context_read links as not causal', () => {
    const spans = cycle({ customerId: 'c-1', agents: ['a', 'b'], iterations: 3, startMs: W48, stepMs: MINUTE, causal: true, linkType: 'context_read' });
    expect(findFeedbackLoops(spans).loops[0]?.evidence).toBe('inferred');
  });

  it('flags a runaway at 10 iterations and merges customers, keeping per-customer detail', () => {
    const spans = [
      ...cycle({ customerId: 'c-1', agents: ['loyalty', 'cms'], iterations: 12, startMs: W48, stepMs: 10 * SECOND, causal: true }),
      ...cycle({ customerId: 'c-2', agents: ['cms', 'loyalty'], iterations: 3, startMs: W48 + HOUR, stepMs: 10 * SECOND, causal: true }),
    ];
    const { loops, perCustomer } = findFeedbackLoops(spans);
    expect(loops).toHaveLength(1);
    expect(loops[0]).toMatchObject({ agents: ['cms', 'loyalty'], customerIds: ['c-1', 'c-2'], iterations: 15, maxIterations: 12, runaway: true });
    expect(perCustomer.map((l) => [l.customerId, l.iterations, l.runaway])).toEqual([
      ['c-1', 12, true],
      ['c-2', 3, false],
    ]);
  });

  it('counts a journey repeating one step as a loop of that step', () => {
    const spans: BusinessSpan[] = [];
    for (let i = 0; i < 3; i++)
      spans.push(
        ...reaction({ customerId: 'c-1', agent: 'winback', model: 'command', journeyId: 'winback', journeyStep: 'reminder', atMs: W48 + i * MINUTE, intent: 'nurture' }).spans,
      );
    const { loops } = findFeedbackLoops(spans);
    expect(loops.map((l) => l.agents)).toEqual([['winback#reminder']]);
  });

  it('honours configured thresholds', () => {
    const spans = cycle({ customerId: 'c-1', agents: ['a', 'b'], iterations: 2, startMs: W48, stepMs: 20 * MINUTE, causal: true });
    expect(findFeedbackLoops(spans).loops).toHaveLength(0);
    const { loops } = findFeedbackLoops(spans, { minIterations: 2, maxStepGapMs: HOUR, runawayIterations: 2 });
    expect(loops[0]).toMatchObject({ iterations: 2, runaway: true });
  });
});

describe('look-alikes that are not loops', () => {
  it('a command journey walking through distinct steps', () => {
    const spans: BusinessSpan[] = [];
    ['welcome', 'survey', 'recommend', 'reminder', 'offer', 'goodbye'].forEach((step, i) =>
      spans.push(...reaction({ customerId: 'c-1', agent: 'onboarding', model: 'command', journeyId: 'onboarding', journeyStep: step, atMs: W48 + i * MINUTE, intent: 'nurture' }).spans),
    );
    expect(findFeedbackLoops(spans).loops).toEqual([]);
  });

  it('two agents alternating hours apart', () => {
    const spans = cycle({ customerId: 'c-1', agents: ['loyalty', 'cms'], iterations: 5, startMs: W48, stepMs: 2 * HOUR, causal: true });
    expect(findFeedbackLoops(spans).loops).toEqual([]);
  });

  it('a cycle that only appears when many customers are put together', () => {
    // Each customer: loyalty then cms once; interleaved in time they read loyalty, cms, loyalty, cms, ...
    const spans: BusinessSpan[] = [];
    for (let c = 0; c < 6; c++) {
      spans.push(...reaction({ customerId: `c-${c}`, agent: 'loyalty', atMs: W48 + c * 2 * MINUTE, emits: 'points.granted' }).spans);
      spans.push(...reaction({ customerId: `c-${c}`, agent: 'cms', atMs: W48 + (c * 2 + 1) * MINUTE, intent: 'promote' }).spans);
    }
    expect(findFeedbackLoops(spans).loops).toEqual([]);
  });

  it('a cycle completed only twice', () => {
    const spans = cycle({ customerId: 'c-1', agents: ['loyalty', 'cms'], iterations: 2, startMs: W48, stepMs: MINUTE, causal: true });
    expect(findFeedbackLoops(spans).loops).toEqual([]);
  });

  it('the sense / interpret / act / message / learn spans of one action', () => {
    const r = reaction({ customerId: 'c-1', agent: 'concierge', atMs: W48, intent: 'upgrade_offer', emits: 'offer.made' });
    // A busy action: the same act also sends an sms and a push, and emits another event.
    const extra = [
      child(r.act, { customerId: 'c-1', agent: 'concierge', intent: 'upgrade_offer', channel: 'sms' }),
      child(r.act, { customerId: 'c-1', agent: 'concierge', intent: 'upgrade_offer', channel: 'push' }),
      child(r.act, { customerId: 'c-1', agent: 'concierge', event: 'offer.logged' }),
    ];
    expect(findFeedbackLoops([...r.spans, ...extra]).loops).toEqual([]);
  });

  it('spans without a customer', () => {
    const spans = [0, 1, 2, 3].map((i) => span({ agent: 'inventory', event: 'inventory.out_of_stock', startMs: W48 + i * SECOND }));
    expect(findFeedbackLoops(spans).loops).toEqual([]);
  });
});
