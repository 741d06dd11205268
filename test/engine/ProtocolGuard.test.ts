import { describe, expect, it } from 'vitest';
import { parseHandbook, type Rule } from '../../schemas/handbook.js';
import type { ActionFacts } from '../../engine/protocol/ActionFacts.js';
import { CustomerHistory } from '../../engine/protocol/CustomerHistory.js';
import { HOP_LIMIT_RULE, ProtocolGuard } from '../../engine/protocol/ProtocolGuard.js';
import { loadDefaultHandbook } from '../../engine/protocol/defaultHandbook.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function guardWith(rules: Rule[], past: ActionFacts[], hopLimit = 0): ProtocolGuard {
  const history = new CustomerHistory();
  for (const facts of past) history.record(facts);
  return new ProtocolGuard(history, parseHandbook({ rules }), hopLimit);
}

const overbooking: Rule = { id: 'upgrade-vs-overbooking', kind: 'contradiction', a: { intent: 'upgrade_offer' }, b: { intent: 'overbooking_apology' }, within: '48h' };
const outOfStock: Rule = {
  id: 'no-promo-when-out-of-stock',
  kind: 'contradiction',
  a: { intent: 'promote' },
  b: { event: 'inventory.out_of_stock' },
  sameSubject: true,
  within: '7d',
  order: 'b-then-a',
};
const oneDiscount: Rule = { id: 'one-discount-per-30d', kind: 'frequency', match: { intent: 'discount_offer' }, max: 1, within: '30d' };
const kyc: Rule = { id: 'kyc-before-account', kind: 'sequence', first: { event: 'kyc.passed' }, then: { event: 'account.opened' } };

const upgrade = (at: number, customerId = 'c1'): ActionFacts => ({ at, customerId, agent: 'marketing', intent: 'upgrade_offer', event: 'message.sent' });
const apology = (at: number, customerId = 'c1'): ActionFacts => ({ at, customerId, agent: 'service', intent: 'overbooking_apology', event: 'message.sent' });

describe('ProtocolGuard', () => {
  describe('contradiction', () => {
    it('denies the second of a pair within the window, in either order by default', () => {
      expect(guardWith([overbooking], [upgrade(0)]).check(apology(47 * HOUR), 1)).toEqual({ decision: 'deny', rule: 'upgrade-vs-overbooking' });
      expect(guardWith([overbooking], [apology(0)]).check(upgrade(47 * HOUR), 1)).toEqual({ decision: 'deny', rule: 'upgrade-vs-overbooking' });
    });

    it('allows the pair just outside the window, or for another customer', () => {
      expect(guardWith([overbooking], [upgrade(0)]).check(apology(49 * HOUR), 1).decision).toBe('allow');
      expect(guardWith([overbooking], [upgrade(0, 'c2')]).check(apology(HOUR), 1).decision).toBe('allow');
    });

    it('counts a global event for every customer and respects order and sameSubject', () => {
      const failure: ActionFacts = { at: 0, agent: 'supplier-feed', event: 'inventory.out_of_stock', subject: 'sku-1' };
      const promo = (subject: string, at: number): ActionFacts => ({ at, customerId: 'c9', agent: 'hub', intent: 'promote', event: 'message.sent', subject });
      expect(guardWith([outOfStock], [failure]).check(promo('sku-1', DAY), 1)).toEqual({ decision: 'deny', rule: 'no-promo-when-out-of-stock' });
      // Near misses: another SKU; and the promo before the failure (a-then-b is not this rule's order).
      expect(guardWith([outOfStock], [failure]).check(promo('sku-2', DAY), 1).decision).toBe('allow');
      expect(guardWith([outOfStock], [promo('sku-1', 0)]).check({ ...failure, at: HOUR }, 0).decision).toBe('allow');
    });
  });

  describe('frequency', () => {
    const discount = (at: number): ActionFacts => ({ at, customerId: 'c1', agent: 'loyalty', intent: 'discount_offer', event: 'message.sent' });
    it('denies the action past max within the window', () => {
      expect(guardWith([oneDiscount], [discount(0)]).check(discount(29 * DAY), 1)).toEqual({ decision: 'deny', rule: 'one-discount-per-30d' });
    });
    it('allows up to max, and again once the window has passed', () => {
      expect(guardWith([oneDiscount], []).check(discount(0), 1).decision).toBe('allow');
      expect(guardWith([oneDiscount], [discount(0)]).check(discount(31 * DAY), 1).decision).toBe('allow');
    });
  });

  describe('sequence', () => {
    const opened = (at: number): ActionFacts => ({ at, customerId: 'c1', agent: 'app-agent', event: 'account.opened' });
    it('denies `then` without an earlier `first`', () => {
      expect(guardWith([kyc], []).check(opened(DAY), 1)).toEqual({ decision: 'deny', rule: 'kyc-before-account' });
      expect(guardWith([kyc], [{ at: 0, customerId: 'c2', agent: 'idv', event: 'kyc.passed' }]).check(opened(DAY), 1).decision).toBe('deny');
    });
    it('allows `then` after `first`, however long ago', () => {
      expect(guardWith([kyc], [{ at: 0, customerId: 'c1', agent: 'idv', event: 'kyc.passed' }]).check(opened(365 * DAY), 1).decision).toBe('allow');
    });
  });

  describe('hop limit', () => {
    it('denies an action deeper than the limit with rule hop-limit, allows at the limit, and 0 turns it off', () => {
      expect(guardWith([], [], 8).check(upgrade(0), 9)).toEqual({ decision: 'deny', rule: HOP_LIMIT_RULE });
      expect(guardWith([], [], 8).check(upgrade(0), 8).decision).toBe('allow');
      expect(guardWith([], [], 0).check(upgrade(0), 1000).decision).toBe('allow');
    });
  });

  it('ships a default handbook that parses and covers the scenarios', () => {
    const ids = loadDefaultHandbook().rules.map((r) => r.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'upgrade-vs-overbooking',
        'no-promo-when-out-of-stock',
        'one-discount-per-30d',
        'kyc-before-account',
        'upgrade-needs-room-inventory',
        'promo-after-complaint',
        'promo-after-apology',
        'nurture-vs-negative-sentiment',
      ]),
    );
  });
});
