import { CommandCalendar } from '../change/ChangeCalendar.js';
import { ChangePipeline } from '../change/ChangePipeline.js';
import { JOURNEY_HUB_SERVICE } from '../journey/JourneyHub.js';
import type { Scenario } from './Scenario.js';
import { DAY } from './time.js';

/** Journeys of the other scenarios, the targets of journey changes. */
const JOURNEYS = ['holiday-promo', 'post-purchase-nurture', 'rigid-onboarding', 'pre-arrival', 'feature-education'] as const;
/** Agents of the other scenarios and their hosting systems, the targets of agent changes. */
const AGENTS = [
  ['inventory-agent', 'inventory-agent'],
  ['care-agent', 'customer-care'],
  ['nurture-agent', 'marketing-cloud'],
  ['risk-engine', 'risk-engine'],
  ['content-hub', 'content-hub'],
  ['marketing-agent', 'marketing-cloud'],
  ['in-app-guide', 'saas-app'],
] as const;

/**
 * Change calendar: a quarter's worth of change requests (at the same rate for any `--days`). Journey changes walk
 * the command calendar — change board, QA, Tuesday/Thursday deployment windows — and take weeks; agent changes are
 * deployed and live within hours. The number of changes grows with the organisation (`--customers`).
 */
export const changeCalendar: Scenario = {
  name: 'change-calendar',
  code: 'cc',
  description: 'journey changes take weeks (approval, QA, deployment windows); agent changes take hours',
  modes: ['command', 'network'],
  spansPerCustomer: 0.2,
  schedule(run) {
    const o = run.orchestration;
    const random = o.random;
    const pipeline = new ChangePipeline(o, new CommandCalendar());
    const weeks = (run.endMs - run.startMs) / (7 * DAY);
    const command = run.mode === 'command';
    // Per week: about one journey change per 100 customers; agents change three times as often.
    const count = Math.max(1, Math.round(weeks * Math.max(1, run.customers / 100) * (command ? 1 : 3)));
    for (let i = 0; i < count; i++) {
      const at = run.startMs + random.next() * (run.endMs - run.startMs);
      const id = `${run.idPrefix}-chg-${String(i).padStart(4, '0')}`;
      if (command) {
        pipeline.request({ id, model: 'command', target: random.pick(JOURNEYS), service: JOURNEY_HUB_SERVICE, at });
      } else {
        const [target, service] = random.pick(AGENTS);
        pipeline.request({ id, model: 'network', target, service, at });
      }
    }
  },
};
