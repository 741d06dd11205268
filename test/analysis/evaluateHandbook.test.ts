import { describe, expect, it } from 'vitest';
import handbookJson from '../fixtures/analysis/handbook.json' with { type: 'json' };
import { parseHandbook } from '../../schemas/handbook.js';
import { evaluateHandbook } from '../../collector/analysis/evaluateHandbook.js';
import type { Violation } from '../../collector/analysis/Violation.js';
import { DAY, HOUR, MINUTE, W48, event, message, span } from '../fixtures/analysis/build.js';

const handbook = parseHandbook(handbookJson, 'fixtures/analysis/handbook.json');
const only = (rule: string, violations: Violation[]): Violation[] => violations.filter((v) => v.rule === rule);
const byCustomer = (violations: Violation[]): Record<string, number> =>
  violations.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v.customerId]: (acc[v.customerId] ?? 0) + 1 }), {});

describe('contradiction: upgrade-vs-overbooking (either order, 48h)', () => {
  const spans = [
    // c-hit: upgrade, then apology 47h later.
    message('c-hit', 'upsell', 'upgrade_offer', W48),
    message('c-hit', 'ops', 'overbooking_apology', W48 + 47 * HOUR),
    // c-late: the apology comes a minute after the window closed.
    message('c-late', 'upsell', 'upgrade_offer', W48),
    message('c-late', 'ops', 'overbooking_apology', W48 + 48 * HOUR + MINUTE),
    // c-reverse: apology first, upgrade an hour later: either order counts.
    message('c-reverse', 'ops', 'overbooking_apology', W48),
    message('c-reverse', 'upsell', 'upgrade_offer', W48 + HOUR),
    // Two different customers each got one side.
    message('c-other-1', 'upsell', 'upgrade_offer', W48),
    message('c-other-2', 'ops', 'overbooking_apology', W48 + HOUR),
    // Two upgrades then one apology: one contradicting message.
    message('c-twice', 'upsell', 'upgrade_offer', W48),
    message('c-twice', 'upsell', 'upgrade_offer', W48 + HOUR),
    message('c-twice', 'ops', 'overbooking_apology', W48 + 2 * HOUR),
    // Upgrade, apology, upgrade again: two contradicting messages.
    message('c-flip', 'upsell', 'upgrade_offer', W48),
    message('c-flip', 'ops', 'overbooking_apology', W48 + HOUR),
    message('c-flip', 'upsell', 'upgrade_offer', W48 + 2 * HOUR),
  ];
  const found = only('upgrade-vs-overbooking', evaluateHandbook(handbook, spans));

  it('flags the pair within the window with both spans, earlier first', () => {
    const [v] = found.filter((x) => x.customerId === 'c-hit');
    expect(v?.kind).toBe('contradiction');
    expect(v?.spans.map((s) => [s.role, s.agent])).toEqual([
      ['a', 'upsell'],
      ['b', 'ops'],
    ]);
    expect(v?.at).toBe(new Date(W48 + 47 * HOUR).toISOString());
  });

  it('counts one violation per contradicting later message', () => {
    expect(byCustomer(found)).toEqual({ 'c-hit': 1, 'c-reverse': 1, 'c-twice': 1, 'c-flip': 2 });
  });

  it('pairs the later message with the nearest earlier one', () => {
    const [v] = found.filter((x) => x.customerId === 'c-twice');
    expect(v?.spans[0]?.start).toBe(new Date(W48 + HOUR).toISOString());
  });

  it('ignores pairs just outside the window and across customers', () => {
    expect(found.some((v) => ['c-late', 'c-other-1', 'c-other-2'].includes(v.customerId))).toBe(false);
  });

  it('does not count a span fetched twice as two messages', () => {
    const dup = [...spans, ...spans.slice(0, 2)];
    expect(only('upgrade-vs-overbooking', evaluateHandbook(handbook, dup))).toHaveLength(found.length);
  });
});

describe('contradiction with a global signal: no-promo-when-out-of-stock (b-then-a, same subject, 7d)', () => {
  const outOfStock = event(undefined, 'inventory.out_of_stock', W48, { subject: 'SKU-1', agent: 'inventory' });
  const spans = [
    outOfStock,
    message('c-1', 'cms', 'promote', W48 + DAY, { subject: 'SKU-1' }),
    message('c-2', 'email-journey', 'promote', W48 + 2 * DAY, { subject: 'SKU-1', model: 'command' }),
    message('c-other-sku', 'cms', 'promote', W48 + DAY, { subject: 'SKU-2' }),
    message('c-before', 'cms', 'promote', W48 - HOUR, { subject: 'SKU-1' }),
    message('c-after-window', 'cms', 'promote', W48 + 7 * DAY + MINUTE, { subject: 'SKU-1' }),
    message('c-no-subject', 'cms', 'promote', W48 + DAY),
    // A customer with unrelated activity only.
    message('c-bystander', 'support', 'nurture', W48 + DAY),
  ];
  const found = only('no-promo-when-out-of-stock', evaluateHandbook(handbook, spans));

  it('counts the global event for every customer who was then promoted the same SKU', () => {
    expect(byCustomer(found)).toEqual({ 'c-1': 1, 'c-2': 1 });
    const [v] = found;
    expect(v?.subject).toBe('SKU-1');
    expect(v?.spans.map((s) => s.role)).toEqual(['b', 'a']);
    expect(v?.spans[0]?.global).toBe(true);
    expect(v?.spans[0]?.spanId).toBe(outOfStock.spanId);
  });

  it('ignores other subjects, the wrong order and promotions after the window', () => {
    for (const c of ['c-other-sku', 'c-before', 'c-after-window', 'c-no-subject', 'c-bystander'])
      expect(found.some((v) => v.customerId === c)).toBe(false);
  });

  it('counts each customer promotion after the signal as one violation', () => {
    const more = [...spans, message('c-1', 'cms', 'promote', W48 + 3 * DAY, { subject: 'SKU-1' })];
    expect(byCustomer(only('no-promo-when-out-of-stock', evaluateHandbook(handbook, more)))['c-1']).toBe(2);
  });
});

describe('contradiction where both sides are global', () => {
  const rules = parseHandbook({
    rules: [{ id: 'sale-vs-recall', kind: 'contradiction', a: { event: 'sale.started' }, b: { event: 'product.recalled' }, within: '1d' }],
  });
  it('is a violation for every customer with spans in the set, once each', () => {
    const spans = [
      event(undefined, 'sale.started', W48),
      event(undefined, 'product.recalled', W48 + HOUR),
      message('c-1', 'cms', 'nurture', W48 + 2 * DAY),
      message('c-2', 'cms', 'nurture', W48 + 2 * DAY),
    ];
    expect(byCustomer(evaluateHandbook(rules, spans))).toEqual({ 'c-1': 1, 'c-2': 1 });
  });
});

describe('frequency: one-discount-per-30d', () => {
  const spans = [
    message('c-many', 'loyalty', 'discount_offer', W48),
    message('c-many', 'loyalty', 'discount_offer', W48 + 10 * DAY),
    message('c-many', 'pricing', 'discount_offer', W48 + 20 * DAY),
    message('c-spaced', 'loyalty', 'discount_offer', W48),
    message('c-spaced', 'loyalty', 'discount_offer', W48 + 30 * DAY + MINUTE),
    message('c-a', 'loyalty', 'discount_offer', W48),
    message('c-b', 'loyalty', 'discount_offer', W48),
  ];
  const found = only('one-discount-per-30d', evaluateHandbook(handbook, spans));

  it('makes each discount past the first in 30 days one violation', () => {
    expect(byCustomer(found)).toEqual({ 'c-many': 2 });
    const last = found[1]!;
    expect(last.windowCount).toBe(3);
    // The span past max last, with the max (1) spans before it.
    expect(last.spans.map((s) => [s.agent, s.start])).toEqual([
      ['loyalty', new Date(W48 + 10 * DAY).toISOString()],
      ['pricing', new Date(W48 + 20 * DAY).toISOString()],
    ]);
  });

  it('ignores discounts just over 30 days apart and discounts to different customers', () => {
    expect(found.some((v) => v.customerId !== 'c-many')).toBe(false);
  });

  it('counts global spans for every customer', () => {
    const rules = parseHandbook({
      rules: [{ id: 'one-broadcast-a-day', kind: 'frequency', match: { event: 'broadcast.sent' }, max: 1, within: '1d' }],
    });
    const spans2 = [
      event(undefined, 'broadcast.sent', W48),
      event('c-1', 'broadcast.sent', W48 + HOUR),
      event(undefined, 'broadcast.sent', W48 + 3 * DAY),
      event(undefined, 'broadcast.sent', W48 + 3 * DAY + HOUR),
      message('c-2', 'cms', 'nurture', W48),
    ];
    const v = evaluateHandbook(rules, spans2);
    // c-1: its own broadcast after the global one, and the two global ones on day 3; c-2: only the day-3 pair.
    expect(byCustomer(v)).toEqual({ 'c-1': 2, 'c-2': 1 });
  });
});

describe('sequence: kyc-before-account', () => {
  const spans = [
    event('c-missing', 'account.opened', W48),
    event('c-ok', 'kyc.passed', W48),
    event('c-ok', 'account.opened', W48 + HOUR),
    event('c-wrong-order', 'account.opened', W48),
    event('c-wrong-order', 'kyc.passed', W48 + HOUR),
    event('c-x', 'account.opened', W48),
    event('c-y', 'kyc.passed', W48 - HOUR),
  ];
  const found = only('kyc-before-account', evaluateHandbook(handbook, spans));

  it('flags an account opened with no earlier KYC for that customer', () => {
    expect(byCustomer(found)).toEqual({ 'c-missing': 1, 'c-wrong-order': 1, 'c-x': 1 });
    expect(found[0]?.spans).toHaveLength(1);
    expect(found[0]?.spans[0]?.role).toBe('then');
  });

  it('accepts a global first span for every customer, but only when it is earlier', () => {
    const rules = parseHandbook({
      rules: [{ id: 'terms-before-reminder', kind: 'sequence', first: { event: 'terms.published' }, then: { intent: 'terms_reminder' } }],
    });
    const spans2 = [
      message('c-early', 'legal', 'terms_reminder', W48 - HOUR),
      event(undefined, 'terms.published', W48),
      message('c-late', 'legal', 'terms_reminder', W48 + HOUR),
    ];
    expect(byCustomer(evaluateHandbook(rules, spans2))).toEqual({ 'c-early': 1 });
  });
});

describe('matchers and options', () => {
  it('requires every matcher key, including raw attributes', () => {
    const rules = parseHandbook({
      rules: [
        {
          id: 'no-vip-sms-twice',
          kind: 'frequency',
          match: { channel: 'sms', attributes: { 'customer.tier': 'vip' } },
          max: 1,
          within: '1h',
        },
      ],
    });
    const vip = { 'customer.tier': 'vip' };
    const spans = [
      span({ customerId: 'c', agent: 'x', intent: 'nurture', channel: 'sms', startMs: W48, attributes: vip }),
      span({ customerId: 'c', agent: 'x', intent: 'nurture', channel: 'sms', startMs: W48 + MINUTE, attributes: vip }),
      span({ customerId: 'c', agent: 'x', intent: 'nurture', channel: 'email', startMs: W48 + 2 * MINUTE, attributes: vip }),
      span({ customerId: 'c', agent: 'x', intent: 'nurture', channel: 'sms', startMs: W48 + 3 * MINUTE, attributes: {} }),
    ];
    const v = evaluateHandbook(rules, spans);
    expect(v).toHaveLength(1);
    expect(v[0]?.windowCount).toBe(2);
  });

  it('does not count protocol decision spans (a denied discount never reached the customer)', () => {
    const spans = [
      message('c', 'loyalty', 'discount_offer', W48),
      message('c', 'loyalty', 'discount_offer', W48 + DAY, { decision: 'deny', rule: 'one-discount-per-30d' }),
    ];
    expect(only('one-discount-per-30d', evaluateHandbook(handbook, spans))).toEqual([]);
  });

  it('reports only violations anchored inside [fromMs, toMs) while judging windows on the look-back', () => {
    const spans = [message('c', 'loyalty', 'discount_offer', W48 - 5 * DAY), message('c', 'loyalty', 'discount_offer', W48 + DAY)];
    expect(only('one-discount-per-30d', evaluateHandbook(handbook, spans, { fromMs: W48, toMs: W48 + 7 * DAY }))).toHaveLength(1);
    expect(only('one-discount-per-30d', evaluateHandbook(handbook, spans, { fromMs: W48 + 2 * DAY }))).toHaveLength(0);
  });
});
