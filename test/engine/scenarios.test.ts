import { describe, expect, it } from 'vitest';
import { ATTR, LINK_TYPE_ATTR, LINK_TYPE_CONTEXT_READ } from '../../schemas/semconv.js';
import { loadDefaultHandbook } from '../../engine/protocol/defaultHandbook.js';
import { FAILING_SKU } from '../../engine/scenarios/retailHolidayCascade.js';
import { COUNCIL_RULES } from '../../engine/scenarios/travelUpgrade.js';
import { handbookWithout } from '../../engine/scenarios/Scenario.js';
import { byCustomer, denials, events, messages, run, START_MS, type FlatSpan } from './spans.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('retail-holiday-cascade', () => {
  const promosForFailingSku = (spans: FlatSpan[]) => messages(spans, 'promote').filter((s) => s.attrs[ATTR.messageSubject] === FAILING_SKU);

  it('command: promos for the out-of-stock SKU keep going out after the supplier fails, and complaints follow', async () => {
    const { spans } = await run({ scenario: 'retail-holiday-cascade', mode: 'command', customers: 300, days: 14 });
    const [failure] = events(spans, 'inventory.out_of_stock');
    expect(failure?.attrs[ATTR.customerId]).toBeUndefined();
    const after = promosForFailingSku(spans).filter((s) => s.start > failure!.start);
    expect(after.length).toBeGreaterThan(10);
    expect(after.every((s) => s.attrs[ATTR.model] === 'command' && s.attrs[ATTR.journeyId] === 'holiday-promo')).toBe(true);
    const complaints = events(spans, 'complaint.posted');
    expect(complaints.length).toBeGreaterThan(0);
    // Each complaint links to the promo that caused it.
    const promoIds = new Set(after.map((s) => s.spanId));
    expect(complaints.every((c) => c.links.some((l) => promoIds.has(l.spanId)))).toBe(true);
  });

  it('hybrid: the inventory agent interrupts the journey within minutes; no promo for the SKU after the failure', async () => {
    const { spans } = await run({ scenario: 'retail-holiday-cascade', mode: 'hybrid', customers: 300, days: 14 });
    const [failure] = events(spans, 'inventory.out_of_stock');
    expect(promosForFailingSku(spans).filter((s) => s.start > failure!.start)).toEqual([]);
    const [update] = events(spans, 'hub.updated');
    expect(update!.start - failure!.start).toBeLessThan(5 * MINUTE);
    expect(promosForFailingSku(spans).length).toBeGreaterThan(0);
  });
});

describe('runaway-loop', () => {
  /** Longest run of loop steps for one customer with every step < 10 minutes after the previous, in promo count. */
  function longestLoop(spans: FlatSpan[]): number {
    let best = 0;
    for (const list of byCustomer(spans).values()) {
      const steps = list
        .filter((s) => (s.attrs[ATTR.phase] === 'act' && s.attrs[ATTR.messageIntent] !== undefined) || s.attrs[ATTR.event] === 'complaint.posted')
        .sort((a, b) => a.start - b.start);
      let iterations = 0;
      for (let i = 0; i < steps.length; i++) {
        if (i > 0 && steps[i]!.start - steps[i - 1]!.start >= 10 * MINUTE) iterations = 0;
        if (steps[i]!.attrs[ATTR.messageIntent] === 'promote') best = Math.max(best, ++iterations);
      }
    }
    return best;
  }

  it('runs away with the hop limit off (its default)', async () => {
    const { spans } = await run({ scenario: 'runaway-loop', customers: 200, days: 7 });
    expect(longestLoop(spans)).toBeGreaterThanOrEqual(10);
    expect(denials(spans)).toEqual([]);
    // Causal: every reaction's root links to the span that produced its event.
    const senses = spans.filter((s) => s.attrs[ATTR.phase] === 'sense');
    expect(senses.every((s) => s.links.length === 1 && s.parentSpanId === undefined)).toBe(true);
  });

  it('is cut at the hop limit with deny spans', async () => {
    const { spans } = await run({ scenario: 'runaway-loop', customers: 200, days: 7, hopLimit: 8 });
    expect(longestLoop(spans)).toBeLessThan(3);
    const denied = denials(spans, 'hop-limit');
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((s) => Number(s.attrs[ATTR.hop]) > 8 && s.attrs[ATTR.messageIntent] === undefined)).toBe(true);
  });
});

describe('travel-upgrade', () => {
  /** Upgrade offer and overbooking apology to one guest within 48 hours: the later message's time for each pair. */
  function conflicts(spans: FlatSpan[]): number[] {
    const found: number[] = [];
    for (const list of byCustomer(messages(spans)).values()) {
      const offers = list.filter((s) => s.attrs[ATTR.messageIntent] === 'upgrade_offer');
      const apologies = list.filter((s) => s.attrs[ATTR.messageIntent] === 'overbooking_apology');
      for (const o of offers) for (const a of apologies) if (Math.abs(o.start - a.start) <= 48 * HOUR) found.push(Math.max(o.start, a.start));
    }
    return found;
  }
  const adoptedAt = START_MS + 14 * DAY;

  it('has upgrade/overbooking conflicts until the council rule, none after', async () => {
    const { spans } = await run({ scenario: 'travel-upgrade', mode: 'network', customers: 400, days: 28 });
    const found = conflicts(spans);
    expect(found.filter((t) => t < adoptedAt).length).toBeGreaterThan(0);
    expect(found.filter((t) => t >= adoptedAt)).toEqual([]);
    expect(denials(spans, 'upgrade-needs-room-inventory').length).toBeGreaterThan(0);
  });

  it('keeps the conflict without the council rule', async () => {
    const handbook = handbookWithout(loadDefaultHandbook(), COUNCIL_RULES);
    const { spans } = await run({ scenario: 'travel-upgrade', mode: 'hybrid', customers: 400, days: 28, handbook });
    expect(conflicts(spans).filter((t) => t >= adoptedAt).length).toBeGreaterThan(0);
  });
});

describe('change-calendar', () => {
  it('journey changes take weeks; agent changes take hours', async () => {
    const { spans } = await run({ scenario: 'change-calendar', customers: 300, days: 90 });
    const stages = new Map<string, { model: string; requested?: number; live?: number; stages: string[] }>();
    for (const s of spans) {
      const id = String(s.attrs[ATTR.changeId]);
      const entry = stages.get(id) ?? { model: String(s.attrs[ATTR.changeModel]), stages: [] };
      const stage = String(s.attrs[ATTR.changeStage]);
      entry.stages.push(stage);
      if (stage === 'requested') entry.requested = s.start;
      if (stage === 'live') entry.live = s.start;
      stages.set(id, entry);
    }
    const leadDays = (model: string) =>
      [...stages.values()].filter((c) => c.model === model && c.live !== undefined).map((c) => (c.live! - c.requested!) / DAY);
    const command = leadDays('command');
    const network = leadDays('network');
    expect(command.length).toBeGreaterThan(5);
    expect(Math.min(...command)).toBeGreaterThanOrEqual(7);
    expect(command.sort((a, b) => a - b)[Math.floor(command.length / 2)]).toBeGreaterThanOrEqual(14);
    expect(Math.max(...network)).toBeLessThan(1);
    const walked = [...stages.values()].find((c) => c.model === 'command' && c.live !== undefined)!.stages;
    expect(walked).toEqual(['requested', 'approved', 'tested', 'deployed', 'live']);
  });
});

describe('social-media-crisis', () => {
  /** Cheerful nurture emails sent to a customer after that customer's negative sentiment. */
  function nurtureAfterNegative(spans: FlatSpan[]): number {
    let count = 0;
    for (const list of byCustomer(spans).values()) {
      const negative = list.find((s) => s.attrs[ATTR.event] === 'sentiment.negative');
      if (negative) count += list.filter((s) => s.attrs[ATTR.messageIntent] === 'nurture' && s.start > negative.start).length;
    }
    return count;
  }

  it('command keeps sending cheerful emails after negative sentiment; network and hybrid do not', async () => {
    const command = await run({ scenario: 'social-media-crisis', mode: 'command', customers: 300, days: 28 });
    expect(nurtureAfterNegative(command.spans)).toBeGreaterThan(0);
    const network = await run({ scenario: 'social-media-crisis', mode: 'network', customers: 300, days: 28 });
    expect(nurtureAfterNegative(network.spans)).toBe(0);
    // The nurture agent learned about the sentiment only by reading the shared context.
    expect(network.spans.some((s) => s.links.some((l) => l.attrs[LINK_TYPE_ATTR] === LINK_TYPE_CONTEXT_READ))).toBe(true);
    const hybrid = await run({ scenario: 'social-media-crisis', mode: 'hybrid', customers: 300, days: 28 });
    expect(nurtureAfterNegative(hybrid.spans)).toBe(0);
    expect(denials(hybrid.spans, 'nurture-vs-negative-sentiment').length).toBeGreaterThan(0);
  });
});

describe('fintech-onboarding', () => {
  it('network: accounts open only after kyc.passed, the guard stops pre-scored openings; command drops off more', async () => {
    const network = await run({ scenario: 'fintech-onboarding', mode: 'network', customers: 300, days: 14 });
    for (const list of byCustomer(network.spans).values()) {
      const opened = list.find((s) => s.attrs[ATTR.event] === 'account.opened' && s.attrs[ATTR.protocolDecision] === 'allow');
      if (!opened) continue;
      expect(list.some((s) => s.attrs[ATTR.event] === 'kyc.passed' && s.start < opened.start)).toBe(true);
    }
    expect(denials(network.spans, 'kyc-before-account').length).toBeGreaterThan(0);
    const agents = new Set(network.spans.map((s) => s.attrs[ATTR.agent]));
    for (const agent of ['app-agent', 'identity-verification', 'risk-engine', 'content-hub', 'human-support']) expect(agents).toContain(agent);

    const command = await run({ scenario: 'fintech-onboarding', mode: 'command', customers: 300, days: 14 });
    const rate = (spans: FlatSpan[], outcome: string) => spans.filter((s) => s.attrs[ATTR.outcome] === outcome).length;
    expect(rate(command.spans, 'dropped_off')).toBeGreaterThan(rate(network.spans, 'dropped_off'));
    expect(rate(network.spans, 'converted')).toBeGreaterThan(rate(command.spans, 'converted'));
  });
});

describe('saas-knowledge', () => {
  it('the knowledge network resolves problems before they become tickets', async () => {
    const network = await run({ scenario: 'saas-knowledge', mode: 'network', customers: 200, days: 21 });
    const command = await run({ scenario: 'saas-knowledge', mode: 'command', customers: 200, days: 21 });
    const resolved = network.spans.filter((s) => s.attrs[ATTR.outcome] === 'resolved');
    expect(resolved.length).toBeGreaterThan(0);
    expect(events(network.spans, 'ticket.opened').length).toBeLessThan(events(command.spans, 'ticket.opened').length / 2);
  });
});

describe('every scenario', () => {
  it('stamps the CONTRACT §1 attributes that apply', async () => {
    const { spans, result } = await run({ scenario: 'all', customers: 60, days: 14 });
    expect(result.spans).toBe(spans.length);
    expect(Object.values(result.perScenario).reduce((a, b) => a + b, 0)).toBe(spans.length);
    for (const s of spans) {
      expect(typeof s.attrs[ATTR.agent], s.name).toBe('string');
      expect(Number.isInteger(s.attrs[ATTR.hop]), s.name).toBe(true);
      if (s.attrs[ATTR.phase] !== undefined) expect(['command', 'network']).toContain(s.attrs[ATTR.model]);
      if (s.attrs[ATTR.phase] === 'step' && s.attrs[ATTR.journeyId] !== undefined) expect(typeof s.attrs[ATTR.journeyVersion]).toBe('number');
      if (s.attrs[ATTR.messageIntent] !== undefined) expect(typeof s.attrs[ATTR.messageChannel]).toBe('string');
      if (s.attrs[ATTR.contextKeys] !== undefined) expect(Array.isArray(s.attrs[ATTR.contextKeys])).toBe(true);
      expect(s.end).toBeGreaterThanOrEqual(s.start);
    }
    const services = new Set(spans.map((s) => s.service));
    expect(services).toContain('journey-hub');
    expect(services).toContain('loyalty-platform');
  });
});
