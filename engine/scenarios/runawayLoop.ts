import { defineAgent } from '../agent/AgentDefinition.js';
import { AgentRuntime } from '../agent/AgentRuntime.js';
import { MESSAGE_SENT } from '../Orchestration.js';
import { handbookWithout, type Scenario } from './Scenario.js';
import { DAY, MINUTE } from './time.js';

/**
 * Rules that would have caught this loop; the council adopted them after the incident, so the story runs without.
 */
const RULES_ADOPTED_AFTER_THE_LOOP = ['promo-after-complaint', 'promo-after-apology'] as const;
/** Chance that a customer caught in the loop gives up (unsubscribes) at each complaint. */
const GIVE_UP = 0.04;

/**
 * Runaway loop: a delayed order earns an apology, the apology a goodwill voucher, the voucher marks the customer as
 * engaged so marketing sends a promo, the promo triggers a complaint, the complaint another apology... every step a
 * few minutes after the last, until the customer unsubscribes. With the hop limit on, the guard cuts each chain at
 * the limit with `hop-limit` denials. The story's default hop limit is off: that is the incident.
 */
export const runawayLoop: Scenario = {
  name: 'runaway-loop',
  code: 'rl',
  description: 'goodwill → promo → complaint → apology → goodwill ... (hop limit off by default; --hop-limit N cuts it)',
  modes: ['network'],
  spansPerCustomer: 36,
  defaultHopLimit: 0,
  schedule(run) {
    const o = run.orchestration;
    const random = o.random;
    o.guard.setHandbook(handbookWithout(run.handbook, RULES_ADOPTED_AFTER_THE_LOOP));
    const agents = new AgentRuntime(o);
    const fast = [MINUTE, 3 * MINUTE] as const;
    agents.register(
      defineAgent({
        id: 'care-agent',
        service: 'customer-care',
        subscribes: ['order.delayed', 'complaint.posted'],
        latencyMs: fast,
        interpret: (_view, event) => event.type,
        act: (_reason, actions) => {
          if (actions.message({ channel: 'email', intent: 'apologize', subject: 'order' })) actions.publish('apology.sent');
        },
      }),
    );
    agents.register(
      defineAgent({
        id: 'loyalty-agent',
        service: 'loyalty-platform',
        subscribes: ['apology.sent'],
        latencyMs: fast,
        interpret: (view) => Number(view.read('loyalty.vouchers') ?? 0),
        act: (vouchers, actions) => {
          if (!actions.message({ channel: 'email', intent: 'goodwill', subject: 'voucher-10' })) return;
          actions.write({ 'loyalty.vouchers': vouchers + 1, 'loyalty.engaged': true });
          actions.publish('goodwill.granted');
        },
      }),
    );
    agents.register(
      defineAgent({
        id: 'marketing-agent',
        service: 'marketing-cloud',
        subscribes: ['goodwill.granted'],
        latencyMs: fast,
        // Marketing sees an engaged customer holding a voucher: the ideal target for the spring campaign.
        interpret: (view) => (view.read('loyalty.engaged') === true ? 'spring-sale' : undefined),
        act: (campaign, actions) => {
          actions.message({ channel: 'email', intent: 'promote', subject: campaign });
        },
      }),
    );

    // Customers: a promo right after an apology is the last straw — they complain, until they give up.
    const gaveUp = new Set<string>();
    o.bus.subscribe(MESSAGE_SENT, (event) => {
      const customerId = event.customerId;
      if (event.data?.intent !== 'promote' || customerId === undefined || !event.source || gaveUp.has(customerId)) return;
      const at = event.at + 2 * MINUTE + random.next() * 4 * MINUTE;
      const cause = { span: event.source, hop: event.hop };
      if (random.chance(GIVE_UP)) {
        gaveUp.add(customerId);
        o.clock.at(at, () => o.external({ service: 'email-gateway', source: 'customer', type: 'email.unsubscribed', at, customerId, cause, outcome: 'churned' }));
        return;
      }
      o.clock.at(at, () =>
        o.external({ service: 'customer-channels', source: 'customer', type: 'complaint.posted', at, customerId, subject: 'spring-sale', cause, outcome: 'complained' }),
      );
    });

    for (let i = 0; i < run.customers; i++) {
      const at = run.startMs + random.next() * (run.endMs - run.startMs - DAY / 2);
      if (!random.chance(0.1) || at >= run.endMs) continue;
      const customerId = run.customerId(i);
      o.clock.at(at, () => o.external({ service: 'logistics', source: 'carrier', type: 'order.delayed', at, customerId, subject: 'order' }));
    }
  },
};
