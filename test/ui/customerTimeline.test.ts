import { describe, expect, it } from 'vitest';
import { buildCustomerTimeline, spanLabel } from '../../ui/src/model/customerTimeline.js';
import { node, violation } from './fixtures.js';

describe('buildCustomerTimeline', () => {
  const spans = [
    node('s1', 'supplier-feed', 0, { customerId: undefined, model: null, event: 'inventory.out_of_stock' }),
    node('s2', 'marketing-agent', 5, { intent: 'promote', channel: 'email', subject: 'sku-1' }),
    node('s3', 'holiday-promo', 6, { model: 'command', intent: 'promote', channel: 'sms' }),
    node('s4', 'marketing-agent', 7, { phase: 'learn' }),
  ];
  const conflicts = [violation('no-promo-when-out-of-stock', 'c1', [['s1', 'supplier-feed'], ['s2', 'marketing-agent']], 5, { subject: 'sku-1' })];
  const model = buildCustomerTimeline('c1', spans, conflicts);

  it('puts command journeys first, then network agents, then global events', () => {
    expect(model.lanes.map((l) => [l.agent, l.kind, l.count])).toEqual([
      ['holiday-promo', 'command', 1],
      ['marketing-agent', 'network', 2],
      ['supplier-feed', 'global', 1],
    ]);
    expect(model.items.map((i) => i.lane)).toEqual([2, 1, 0, 1]);
  });

  it('labels messages with intent and channel and lists them', () => {
    expect(model.messages.map((m) => m.label)).toEqual(['promote · email', 'promote · sms']);
    expect(spanLabel(spans[0]!)).toBe('inventory.out_of_stock');
    expect(spanLabel(node('x', 'guard', 0, { rule: 'r1', decision: 'deny' }))).toBe('deny r1');
  });

  it('joins a conflict to its two spans, with the rule and subject', () => {
    expect(model.conflicts).toEqual([{ rule: 'no-promo-when-out-of-stock', kind: 'contradiction', atMs: conflicts[0]!.atMs, from: 't1/s1', to: 't1/s2', label: 'no-promo-when-out-of-stock (sku-1)' }]);
    expect(model.items.find((i) => i.key === 't1/s2')!.rules).toEqual(['no-promo-when-out-of-stock']);
  });

  it('skips conflicts whose spans are not on the timeline and handles an empty one', () => {
    expect(buildCustomerTimeline('c1', spans, [violation('r', 'c1', [['gone', 'x']])]).conflicts).toEqual([]);
    expect(buildCustomerTimeline('c1', [], []).extentMs).toEqual([0, 0]);
  });
});
