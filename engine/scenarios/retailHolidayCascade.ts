import { defineAgent } from '../agent/AgentDefinition.js';
import { AgentRuntime } from '../agent/AgentRuntime.js';
import { scheduleBatchSync } from '../journey/BatchSync.js';
import type { JourneyDefinition, JourneyStep } from '../journey/JourneyDefinition.js';
import { JourneyHub } from '../journey/JourneyHub.js';
import { MESSAGE_SENT } from '../Orchestration.js';
import type { Scenario } from './Scenario.js';
import { DAY, HOUR, MINUTE } from './time.js';

/** The SKU whose supplier fails on day 2. */
export const FAILING_SKU = 'sku-smart-speaker';
const SKUS = [FAILING_SKU, 'sku-led-lights', 'sku-coffee-maker', 'sku-wool-scarf'] as const;
/** What the journey promotes instead of an item the hub knows is out of stock. */
const ALTERNATIVE_SKU = 'sku-gift-card';
/** Days after enrollment of the five promo emails (5 emails over 12 days). */
const PROMO_DAYS = [0, 2, 5, 8, 12] as const;
/** Hub key of a SKU's stock status. */
const stockKey = (sku: string) => `inventory:${sku}`;

function holidayPromoJourney(): JourneyDefinition {
  const steps: JourneyStep[] = [];
  PROMO_DAYS.forEach((day, k) => {
    const n = k + 1;
    const last = n === PROMO_DAYS.length;
    const after = last ? 'done' : `wait-${n}`;
    steps.push(
      { kind: 'branch', id: `stock-check-${n}`, when: (e, hub) => hub.get(stockKey(String(e.data.sku))) === 'out_of_stock', goto: `promo-${n}-alternative` },
      { kind: 'message', id: `promo-${n}`, channel: 'email', intent: 'promote', subject: (e) => String(e.data.sku), next: after },
      { kind: 'message', id: `promo-${n}-alternative`, channel: 'email', intent: 'promote', subject: ALTERNATIVE_SKU },
    );
    if (!last) steps.push({ kind: 'wait', id: `wait-${n}`, ms: (PROMO_DAYS[n]! - day) * DAY });
  });
  steps.push({ kind: 'exit', id: 'done', outcome: 'completed' });
  return { id: 'holiday-promo', version: 3, trigger: 'campaign.enrolled', steps };
}

/**
 * Retail holiday cascade: a five-email holiday promotion over 12 days. The supplier of one SKU fails on day 2, just
 * after the hub's daily 02:00 inventory sync, so the command journey keeps promoting the out-of-stock item until the
 * next sync and complaints follow. Hybrid: an inventory agent interrupts the journey within minutes, the guard
 * denies promos in between, and a care agent answers complaints.
 */
export const retailHolidayCascade: Scenario = {
  name: 'retail-holiday-cascade',
  code: 'rt',
  description: '5 promo emails over 12 days; the supplier fails on day 2; the daily sync keeps promos going (hybrid: an agent interrupts)',
  modes: ['command', 'hybrid'],
  spansPerCustomer: 13,
  schedule(run) {
    const o = run.orchestration;
    const random = o.random;
    const hybrid = run.mode === 'hybrid';
    const hub = new JourneyHub(o, { governed: hybrid });
    hub.deploy(holidayPromoJourney());

    // The ERP is the system of record; the hub only sees it through the daily batch sync.
    const erp = new Map<string, string>(SKUS.map((sku) => [stockKey(sku), 'in_stock']));
    for (const [key, value] of erp) hub.data.set(key, value);
    scheduleBatchSync(o, hub, { id: 'inventory-sync', firstAt: run.startMs + 2 * HOUR, everyMs: DAY, until: run.endMs, read: () => erp });

    const failureAt = run.startMs + 2 * DAY + 3 * HOUR + random.next() * HOUR;
    if (failureAt < run.endMs) {
      o.clock.at(failureAt, () => {
        erp.set(stockKey(FAILING_SKU), 'out_of_stock');
        o.external({ service: 'supplier-feed', source: 'supplier-feed', type: 'inventory.out_of_stock', at: failureAt, subject: FAILING_SKU });
      });
    }

    if (hybrid) {
      const agents = new AgentRuntime(o);
      agents.register(
        defineAgent({
          id: 'inventory-agent',
          subscribes: ['inventory.out_of_stock'],
          latencyMs: [30_000, 3 * MINUTE],
          interpret: (_view, event) => event.subject,
          act: (sku, actions) => actions.publish('journey.interrupt', { subject: sku, delayMs: 10_000 }),
        }),
      );
      hub.acceptRealtimeUpdates('journey.interrupt', (event) => [stockKey(event.subject ?? ''), 'out_of_stock']);
      agents.register(
        defineAgent({
          id: 'care-agent',
          service: 'customer-care',
          subscribes: ['complaint.posted'],
          latencyMs: [5 * MINUTE, 2 * HOUR],
          interpret: (_view, event) => event.subject,
          act: (sku, actions) => actions.message({ channel: 'email', intent: 'apologize', subject: sku }),
          learn: (_sku, result) => (result.allowed > 0 ? 'apologized' : undefined),
        }),
      );
    }

    // Customers: a promo for an item they cannot buy makes some complain; others buy.
    o.bus.subscribe(MESSAGE_SENT, (event) => {
      if (event.data?.intent !== 'promote' || event.customerId === undefined || event.source === undefined) return;
      const soldOut = erp.get(stockKey(event.subject ?? '')) === 'out_of_stock';
      const cause = { span: event.source, hop: event.hop };
      if (soldOut && random.chance(0.35)) {
        const at = event.at + HOUR + random.next() * 7 * HOUR;
        o.clock.at(at, () =>
          o.external({ service: 'customer-channels', source: 'customer', type: 'complaint.posted', at, customerId: event.customerId, subject: event.subject, cause, outcome: 'complained' }),
        );
      } else if (!soldOut && random.chance(0.05)) {
        const at = event.at + 10 * MINUTE + random.next() * DAY;
        o.clock.at(at, () =>
          o.external({ service: 'web-shop', source: 'customer', type: 'order.placed', at, customerId: event.customerId, subject: event.subject, cause, outcome: 'converted' }),
        );
      }
    });

    // Rolling enrollment over the first three days; the failing SKU is the season's bestseller.
    for (let i = 0; i < run.customers; i++) {
      const at = run.startMs + random.next() * 3 * DAY;
      if (at >= run.endMs) continue;
      const sku = random.chance(0.4) ? FAILING_SKU : random.pick(SKUS.slice(1));
      const customerId = run.customerId(i);
      o.clock.at(at, () =>
        o.external({ service: 'crm', source: 'crm-segment', type: 'campaign.enrolled', at, customerId, data: { sku } }),
      );
    }
  },
};
