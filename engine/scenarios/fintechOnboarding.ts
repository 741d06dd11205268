import { defineAgent } from '../agent/AgentDefinition.js';
import { AgentRuntime } from '../agent/AgentRuntime.js';
import { scheduleBatchSync } from '../journey/BatchSync.js';
import type { JourneyDefinition } from '../journey/JourneyDefinition.js';
import { JourneyHub } from '../journey/JourneyHub.js';
import type { Orchestration } from '../Orchestration.js';
import type { Scenario } from './Scenario.js';
import { DAY, HOUR, MINUTE } from './time.js';

/** Shared-context key of the onboarding confidence score (0–1) the agents maintain together. */
const CONFIDENCE_KEY = 'onboarding.confidence';
const kycKey = (customerId: string) => `kyc:${customerId}`;

/** The rigid one-size-fits-all onboarding flow of the command variant. */
function rigidOnboarding(): JourneyDefinition {
  const passed = (e: { customerId: string }, hub: { get(k: string): string | undefined }) => hub.get(kycKey(e.customerId)) === 'passed';
  return {
    id: 'rigid-onboarding',
    version: 5,
    trigger: 'app.signup',
    steps: [
      { kind: 'message', id: 'welcome', channel: 'email', intent: 'welcome', subject: 'onboarding' },
      { kind: 'wait', id: 'wait-kyc', ms: DAY },
      { kind: 'message', id: 'kyc-request', channel: 'email', intent: 'kyc_request', subject: 'identity' },
      { kind: 'wait', id: 'wait-check-1', ms: 3 * DAY },
      { kind: 'branch', id: 'kyc-check-1', when: passed, goto: 'account-ready' },
      { kind: 'message', id: 'kyc-reminder', channel: 'email', intent: 'kyc_request', subject: 'identity' },
      { kind: 'wait', id: 'wait-check-2', ms: 4 * DAY },
      { kind: 'branch', id: 'kyc-check-2', when: passed, goto: 'account-ready' },
      { kind: 'exit', id: 'dropped', outcome: 'dropped_off' },
      { kind: 'message', id: 'account-ready', channel: 'email', intent: 'account_ready', subject: 'account' },
      { kind: 'exit', id: 'opened', outcome: 'converted' },
    ],
  };
}

/** The adaptive network: app, identity verification, risk engine, content hub and human support agents. */
function registerOnboardingAgents(o: Orchestration): void {
  const agents = new AgentRuntime(o);
  const seconds = [5_000, 60_000] as const;
  agents.register(
    defineAgent({
      id: 'app-agent',
      service: 'mobile-app',
      subscribes: ['app.signup', 'risk.approved', 'kyc.failed'],
      latencyMs: seconds,
      interpret: (_view, event) => event.type,
      act: (type, actions) => {
        if (type === 'app.signup') {
          actions.write({ [CONFIDENCE_KEY]: 0.5, 'onboarding.stage': 'signed_up' });
          actions.publish('identity.check_requested', { delayMs: 2_000 });
        } else if (type === 'risk.approved') {
          actions.publish('account.opened');
        }
      },
      // Opening the account is the conversion; a failed KYC loses the customer.
      learn: (type, result) => (type === 'kyc.failed' ? 'dropped_off' : type === 'risk.approved' && result.allowed > 0 ? 'converted' : undefined),
    }),
  );
  agents.register(
    defineAgent({
      id: 'identity-verification',
      service: 'idv-service',
      subscribes: ['identity.check_requested', 'support.review_done'],
      latencyMs: [MINUTE, 20 * MINUTE],
      interpret: (view, event) => {
        const draw = view.random.next();
        if (event.type === 'support.review_done') return draw < 0.75 ? 'kyc.passed' : 'kyc.failed';
        return draw < 0.78 ? 'kyc.passed' : draw < 0.95 ? 'kyc.review' : 'kyc.failed';
      },
      act: (result, actions) => {
        actions.write({ 'kyc.status': result });
        actions.publish(result);
      },
    }),
  );
  agents.register(
    defineAgent({
      id: 'risk-engine',
      service: 'risk-engine',
      subscribes: ['kyc.passed', 'identity.check_requested'],
      latencyMs: [10_000, 5 * MINUTE],
      interpret: (view, event) => {
        const prior = Number(view.read(CONFIDENCE_KEY) ?? 0.5);
        // Pre-scoring on the request alone sometimes approves before KYC finished: the guard's sequence rule stops it.
        if (event.type === 'identity.check_requested') return view.random.chance(0.06) ? { score: prior, approve: true } : undefined;
        const score = Math.min(1, prior + 0.2 + view.random.next() * 0.3);
        return { score, approve: score >= 0.75 };
      },
      act: (plan, actions) => {
        actions.write({ [CONFIDENCE_KEY]: Math.round(plan.score * 100) / 100 });
        actions.publish(plan.approve ? 'risk.approved' : 'risk.flagged');
      },
    }),
  );
  agents.register(
    defineAgent({
      id: 'content-hub',
      service: 'content-hub',
      subscribes: ['identity.check_requested', 'kyc.review'],
      latencyMs: [MINUTE, 10 * MINUTE],
      interpret: (view) => (Number(view.read(CONFIDENCE_KEY) ?? 0) < 0.7 ? 'kyc-guide' : undefined),
      act: (guide, actions) => {
        actions.message({ channel: 'in_app', intent: 'educate', subject: guide });
      },
    }),
  );
  agents.register(
    defineAgent({
      id: 'human-support',
      service: 'support-desk',
      subscribes: ['kyc.review', 'risk.flagged'],
      latencyMs: [30 * MINUTE, 6 * HOUR],
      interpret: (_view, event) => event.type,
      act: (type, actions) => {
        if (!actions.message({ channel: 'call', intent: 'assist', subject: 'identity' })) return;
        if (type === 'kyc.review') {
          actions.publish('support.review_done', { delayMs: HOUR });
        } else if (actions.write({ [CONFIDENCE_KEY]: 0.8 })) {
          // A human vouching for a flagged applicant raises the score enough to approve.
          actions.publish('risk.approved');
        }
      },
    }),
  );
}

/**
 * Fintech adaptive onboarding: in the network, app, identity-verification, risk-engine, content-hub and
 * human-support agents move each applicant along an onboarding confidence score, and the guard's `kyc-before-account`
 * rule stops accounts opened on a pre-score. The command variant is the rigid flow: fixed reminders, KYC results
 * known to the hub only after the nightly vendor file, and applicants who drop off.
 */
export const fintechOnboarding: Scenario = {
  name: 'fintech-onboarding',
  code: 'fo',
  description: 'adaptive onboarding agents around a confidence score vs the rigid command flow (drop-off)',
  modes: ['network', 'command'],
  spansPerCustomer: 19,
  schedule(run) {
    const o = run.orchestration;
    const random = o.random;
    const kycResults = new Map<string, string>();
    if (run.mode === 'command') {
      const hub = new JourneyHub(o, { governed: false });
      hub.deploy(rigidOnboarding());
      scheduleBatchSync(o, hub, { id: 'kyc-vendor-file', firstAt: run.startMs + DAY - HOUR, everyMs: DAY, until: run.endMs, read: () => kycResults });
    } else {
      registerOnboardingAgents(o);
    }
    for (let i = 0; i < run.customers; i++) {
      const customerId = run.customerId(i);
      const at = run.startMs + random.next() * (run.endMs - run.startMs);
      o.clock.at(at, () => o.external({ service: 'mobile-app', source: 'customer', type: 'app.signup', at, customerId }));
      if (run.mode !== 'command') continue;
      // Command applicants do KYC with the vendor on their own time (if at all); the hub learns overnight.
      if (random.chance(0.7)) {
        const kycAt = at + DAY + random.next() * 6 * DAY;
        if (kycAt < run.endMs) {
          o.clock.at(kycAt, () => {
            kycResults.set(kycKey(customerId), 'passed');
            o.external({ service: 'idv-vendor', source: 'idv-vendor', type: 'kyc.passed', at: kycAt, customerId });
          });
        }
      }
    }
  },
};
