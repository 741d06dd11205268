import { defineAgent } from '../agent/AgentDefinition.js';
import { AgentRuntime } from '../agent/AgentRuntime.js';
import type { JourneyDefinition, JourneyStep } from '../journey/JourneyDefinition.js';
import { JourneyHub } from '../journey/JourneyHub.js';
import { MESSAGE_SENT } from '../Orchestration.js';
import type { Scenario } from './Scenario.js';
import { DAY, HOUR, MINUTE } from './time.js';

/** The product whose defect goes viral. */
const CRISIS_PRODUCT = 'blender-x2';
const PRODUCTS = [CRISIS_PRODUCT, 'kettle-k1', 'toaster-t3'] as const;
/** Cheerful nurture sequence: days after delivery and what each email says. */
const NURTURE = [
  { day: 1, step: 'welcome' },
  { day: 3, step: 'tips' },
  { day: 7, step: 'recipes' },
  { day: 10, step: 'recommend' },
] as const;

function nurtureJourney(): JourneyDefinition {
  const steps: JourneyStep[] = [];
  let day = 0;
  for (const touch of NURTURE) {
    steps.push(
      { kind: 'wait', id: `wait-${touch.step}`, ms: (touch.day - day) * DAY },
      { kind: 'message', id: touch.step, channel: 'email', intent: 'nurture', subject: (e) => String(e.data.product) },
    );
    day = touch.day;
  }
  steps.push({ kind: 'exit', id: 'done', outcome: 'completed' });
  return { id: 'post-purchase-nurture', version: 2, trigger: 'order.delivered', steps };
}

/** A planned nurture touch: which step, for which product, and whether the shared context says the customer is upset. */
interface NurturePlan {
  step: number;
  product: string;
  upset: boolean;
}

/**
 * The network's replacement for the nurture journey: each touch schedules the next one (`nurture.due`), and reads
 * the shared sentiment first, so a customer who went public with a complaint gets no more cheerful email.
 */
const nurtureAgent = defineAgent<NurturePlan>({
  id: 'nurture-agent',
  service: 'marketing-cloud',
  subscribes: ['order.delivered', 'nurture.due'],
  latencyMs: [MINUTE, 5 * MINUTE],
  interpret: (view, event) => {
    // Delivery only starts the schedule (step -1); `nurture.due` carries the step to send.
    const step = event.type === 'nurture.due' ? Number(event.data?.step) : -1;
    return { step, product: event.subject ?? '', upset: view.read('sentiment') === 'negative' };
  },
  act: (plan, actions) => {
    if (plan.upset) return;
    if (plan.step >= 0) actions.message({ channel: 'email', intent: 'nurture', subject: plan.product });
    const next = NURTURE[plan.step + 1];
    if (next) {
      const delayMs = (next.day - (NURTURE[plan.step]?.day ?? 0)) * DAY;
      actions.publish('nurture.due', { subject: plan.product, delayMs, data: { step: plan.step + 1 } });
    }
  },
  learn: (plan) => (plan.upset ? 'paused' : undefined),
});

/**
 * Social-media crisis during post-purchase nurture: a product defect goes viral mid-run and owners post negative
 * sentiment, while the nurture sequence keeps sending cheerful emails. Command: the hub cannot see it. Network: a
 * social-listening agent writes the sentiment to the shared context and the nurture agent switches to care.
 * Hybrid: the journey keeps running but the guard denies cheerful emails after negative sentiment.
 */
export const socialMediaCrisis: Scenario = {
  name: 'social-media-crisis',
  code: 'sm',
  description: 'negative sentiment goes viral during a cheerful post-purchase nurture sequence',
  modes: ['command', 'network', 'hybrid'],
  spansPerCustomer: 13,
  schedule(run) {
    const o = run.orchestration;
    const random = o.random;
    const span = run.endMs - run.startMs;
    const crisisAt = run.startMs + span * 0.4;

    if (run.mode !== 'network') new JourneyHub(o, { governed: run.mode === 'hybrid' }).deploy(nurtureJourney());
    if (run.mode !== 'command') {
      const agents = new AgentRuntime(o);
      agents.register(
        defineAgent({
          id: 'social-listening',
          service: 'social-listening',
          subscribes: ['sentiment.negative'],
          latencyMs: [MINUTE, 10 * MINUTE],
          interpret: (_view, event) => event.subject,
          act: (product, actions) => {
            actions.write({ sentiment: 'negative', 'sentiment.product': product });
            actions.publish('care.needed', { subject: product, delayMs: MINUTE });
          },
        }),
      );
      agents.register(
        defineAgent({
          id: 'care-agent',
          service: 'customer-care',
          subscribes: ['care.needed'],
          latencyMs: [5 * MINUTE, HOUR],
          interpret: (_view, event) => event.subject,
          act: (product, actions) => actions.message({ channel: 'email', intent: 'apologize', subject: product }),
          learn: (_p, result) => (result.allowed > 0 ? 'apologized' : undefined),
        }),
      );
      if (run.mode === 'network') agents.register(nurtureAgent);
    }

    // Customers: owners of the defective product go public after the crisis; cheerful email after that angers some.
    const angry = new Set<string>();
    o.bus.subscribe(MESSAGE_SENT, (event) => {
      if (event.data?.intent !== 'nurture' || event.customerId === undefined || !angry.has(event.customerId) || !event.source) return;
      if (!random.chance(0.3)) return;
      const at = event.at + 30 * MINUTE + random.next() * 6 * HOUR;
      const cause = { span: event.source, hop: event.hop };
      o.clock.at(at, () =>
        o.external({ service: 'social-listening', source: 'customer', type: 'complaint.posted', at, customerId: event.customerId, subject: event.subject, cause, outcome: 'complained' }),
      );
    });

    for (let i = 0; i < run.customers; i++) {
      const customerId = run.customerId(i);
      const product = random.chance(0.5) ? CRISIS_PRODUCT : random.pick(PRODUCTS.slice(1));
      const deliveredAt = run.startMs + random.next() * Math.max(span - 4 * DAY, DAY);
      if (deliveredAt < run.endMs) {
        o.clock.at(deliveredAt, () =>
          o.external({ service: 'commerce-platform', source: 'carrier', type: 'order.delivered', at: deliveredAt, customerId, subject: product, data: { product } }),
        );
      }
      if (product === CRISIS_PRODUCT && random.chance(0.5)) {
        const postedAt = Math.max(crisisAt, deliveredAt + HOUR) + random.next() * 5 * DAY;
        if (postedAt < run.endMs) {
          o.clock.at(postedAt, () => {
            angry.add(customerId);
            o.external({ service: 'social-listening', source: 'social-media', type: 'sentiment.negative', at: postedAt, customerId, subject: product });
          });
        }
      }
    }
  },
};

