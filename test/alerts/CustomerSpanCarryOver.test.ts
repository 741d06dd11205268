/**
 * The loop alerts' carry-over stays within its bounds (per customer, customers, spans in all), drops the least
 * recently active customers first, and its span count always equals the spans it holds.
 */
import { describe, expect, it } from 'vitest';
import { CustomerSpanCarryOver, type CarryOverOptions } from '../../collector/alerts/CustomerSpanCarryOver.js';
import { MINUTE, SECOND, span, W48 } from '../fixtures/analysis/build.js';
import { Random } from '../../engine/random.js';

const BOUNDS: CarryOverOptions = { maxStepGapMs: 10 * MINUTE, maxSpansPerCustomer: 8, maxCustomers: 50, maxSpans: 120 };

function act(customerId: string, atMs: number) {
  return span({ customerId, agent: 'care', model: 'network', phase: 'act', startMs: atMs });
}

function held(carry: CustomerSpanCarryOver, customers: readonly string[]): number {
  return carry.spansOf(customers).length;
}

describe('CustomerSpanCarryOver', () => {
  it('keeps the latest spans of a customer and counts what it holds', () => {
    const carry = new CustomerSpanCarryOver(BOUNDS);
    const spans = Array.from({ length: 20 }, (_, i) => act('c-1', W48 + i * SECOND));
    carry.add(spans.slice(0, 12));
    carry.add(spans.slice(12));
    expect(carry.spansOf(['c-1']).map((s) => s.spanId)).toEqual(spans.slice(12).map((s) => s.spanId));
    expect(carry.spans).toBe(8);
  });

  it('drops the least recently active customers first once the spans in all pass their bound', () => {
    const carry = new CustomerSpanCarryOver(BOUNDS);
    const customers = Array.from({ length: 40 }, (_, i) => `c-${i}`);
    // Each customer acts 5 times, one after the other: 200 spans offered, 120 kept.
    customers.forEach((c, i) => carry.add(Array.from({ length: 5 }, (_, k) => act(c, W48 + i * MINUTE + k * SECOND))));
    expect(carry.spans).toBe(120);
    expect(carry.customers).toBe(24);
    expect(held(carry, customers.slice(16))).toBe(120);
    expect(held(carry, customers.slice(0, 16))).toBe(0);
  });

  it('keeps its count equal to the spans it holds through gaps, trims, idling and evictions', () => {
    const random = new Random(7);
    const carry = new CustomerSpanCarryOver(BOUNDS);
    const customers = Array.from({ length: 70 }, (_, i) => `c-${i}`);
    let now = W48;
    for (let round = 0; round < 60; round++) {
      const batch = Array.from({ length: 1 + Math.floor(random.next() * 40) }, () => {
        // Mostly close together, sometimes across a gap, sometimes late (before the customer's newest span).
        const at = now + Math.floor((random.next() - 0.2) * 3 * MINUTE) + (random.next() < 0.1 ? 11 * MINUTE : 0);
        return act(random.pick(customers), at);
      });
      carry.add(batch, now);
      if (round % 10 === 9) carry.dropIdle(now);
      now += Math.floor(random.next() * 2 * MINUTE);
      expect(carry.spans).toBe(held(carry, customers));
      expect(carry.spans).toBeLessThanOrEqual(BOUNDS.maxSpans);
      expect(carry.customers).toBeLessThanOrEqual(BOUNDS.maxCustomers);
    }
  });
});
