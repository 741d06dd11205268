import { defineAgent } from '../agent/AgentDefinition.js';
import { AgentRuntime } from '../agent/AgentRuntime.js';
import type { JourneyDefinition } from '../journey/JourneyDefinition.js';
import { JourneyHub } from '../journey/JourneyHub.js';
import { handbookWithout, type Scenario } from './Scenario.js';
import { DAY, HOUR, MINUTE } from './time.js';

/** Rules the Orchestration Council adopts halfway through the run, after reviewing the upgrade/overbooking conflicts. */
export const COUNCIL_RULES = ['upgrade-vs-overbooking', 'upgrade-needs-room-inventory'] as const;
const PROPERTIES = ['hotel-lisbon', 'hotel-porto', 'hotel-faro'] as const;
/** Days before arrival the upgrade offer goes out. */
const OFFER_DAYS_BEFORE = 3;
/** Overbooking is foreseeable: inventory runs low this many days before the hotel is overbooked. */
const LOW_INVENTORY_LEAD_DAYS = 3;

function preArrivalJourney(): JourneyDefinition {
  return {
    id: 'pre-arrival',
    version: 4,
    trigger: 'stay.upcoming',
    steps: [
      { kind: 'message', id: 'upgrade-offer', channel: 'email', intent: 'upgrade_offer', subject: (e) => String(e.data.property) },
      { kind: 'wait', id: 'wait-checkin', ms: 2 * DAY },
      { kind: 'message', id: 'checkin-info', channel: 'email', intent: 'practical_info', subject: (e) => String(e.data.property) },
      { kind: 'exit', id: 'done' },
    ],
  };
}

/**
 * Travel: marketing offers room upgrades before arrival while guest service apologises for overbooking the same
 * hotels. Halfway through, the council adopts its protocol — check room inventory before offering upgrades
 * (`upgrade-needs-room-inventory`) and never pair an upgrade with an overbooking apology — and the conflicts stop.
 * Network: a marketing agent makes the offers; hybrid: the pre-arrival journey does, governed by the same handbook.
 */
export const travelUpgrade: Scenario = {
  name: 'travel-upgrade',
  code: 'tu',
  description: 'upgrade offers vs overbooking apologies; the council rule (check inventory first) removes the conflict',
  modes: ['network', 'hybrid'],
  spansPerCustomer: 5,
  schedule(run) {
    const o = run.orchestration;
    const random = o.random;
    const span = run.endMs - run.startMs;
    const adoptedAt = run.startMs + Math.floor(span / DAY / 2) * DAY;
    o.guard.setHandbook(handbookWithout(run.handbook, COUNCIL_RULES));
    o.clock.at(adoptedAt, () => o.guard.setHandbook(run.handbook));

    // Guests by hotel and arrival, so guest service knows whom an overbooking affects.
    const arrivals = new Map<string, Array<{ customerId: string; at: number }>>(PROPERTIES.map((p) => [p, []]));
    for (let i = 0; i < run.customers; i++) {
      const customerId = run.customerId(i);
      const property = random.pick(PROPERTIES);
      const arrivalAt = run.startMs + (OFFER_DAYS_BEFORE + random.next() * (span / DAY)) * DAY;
      arrivals.get(property)!.push({ customerId, at: arrivalAt });
      const upcomingAt = arrivalAt - OFFER_DAYS_BEFORE * DAY;
      if (upcomingAt < run.endMs) {
        o.clock.at(upcomingAt, () =>
          o.external({ service: 'booking-engine', source: 'pms', type: 'stay.upcoming', at: upcomingAt, customerId, subject: property, data: { property } }),
        );
      }
    }

    // Each hotel is overbooked every ten days or so, never right around the council's adoption (a clean before/after).
    for (const property of PROPERTIES) {
      for (let t = run.startMs + (4 + random.next() * 6) * DAY; t < run.endMs; t += (10 + random.next() * 4) * DAY) {
        if (t > adoptedAt - 2 * DAY && t < adoptedAt + 5 * DAY) continue;
        const overbookedAt = t;
        const lowAt = overbookedAt - LOW_INVENTORY_LEAD_DAYS * DAY;
        o.clock.at(lowAt, () => o.external({ service: 'property-management', source: 'pms', type: 'room_inventory.low', at: lowAt, subject: property }));
        o.clock.at(overbookedAt, () =>
          o.external({ service: 'property-management', source: 'pms', type: 'inventory.overbooked', at: overbookedAt, subject: property }),
        );
      }
    }

    const agents = new AgentRuntime(o);
    agents.register(
      defineAgent({
        id: 'guest-service',
        service: 'guest-service',
        subscribes: ['inventory.overbooked'],
        latencyMs: [10 * MINUTE, HOUR],
        interpret: (view, event) =>
          (arrivals.get(event.subject ?? '') ?? []).filter((g) => g.at >= view.now && g.at < view.now + 3 * DAY).map((g) => g.customerId),
        act: (guests, actions, event) => {
          for (const customerId of guests) {
            actions.message({ channel: 'email', intent: 'overbooking_apology', subject: event.subject }, { customerId, afterMs: 200 });
          }
        },
      }),
    );
    if (run.mode === 'hybrid') {
      new JourneyHub(o, { governed: true }).deploy(preArrivalJourney());
    } else {
      agents.register(
        defineAgent({
          id: 'marketing-agent',
          service: 'marketing-cloud',
          subscribes: ['stay.upcoming'],
          latencyMs: [MINUTE, 2 * HOUR],
          interpret: (view, event) => (view.random.chance(0.7) ? event.subject : undefined),
          act: (property, actions) => {
            actions.message({ channel: 'email', intent: 'upgrade_offer', subject: property });
          },
        }),
      );
    }
  },
};
