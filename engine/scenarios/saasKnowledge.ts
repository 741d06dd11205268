import type { SpanContext } from '@opentelemetry/api';
import { defineAgent } from '../agent/AgentDefinition.js';
import { AgentRuntime } from '../agent/AgentRuntime.js';
import type { JourneyDefinition } from '../journey/JourneyDefinition.js';
import { JourneyHub } from '../journey/JourneyHub.js';
import type { Orchestration } from '../Orchestration.js';
import { MESSAGE_SENT } from '../Orchestration.js';
import type { Scenario } from './Scenario.js';
import { DAY, HOUR, MINUTE } from './time.js';

const FEATURES = ['sso-setup', 'billing-export', 'api-tokens', 'webhooks', 'dashboards'] as const;
/** Mean days between two problems a customer runs into. */
const DAYS_BETWEEN_PROBLEMS = 5;

function featureEducation(): JourneyDefinition {
  return {
    id: 'feature-education',
    version: 7,
    trigger: 'trial.started',
    steps: [
      { kind: 'message', id: 'getting-started', channel: 'email', intent: 'educate', subject: 'getting-started' },
      { kind: 'wait', id: 'wait-week-1', ms: 7 * DAY },
      { kind: 'message', id: 'power-features', channel: 'email', intent: 'educate', subject: 'dashboards' },
      { kind: 'wait', id: 'wait-week-2', ms: 7 * DAY },
      { kind: 'message', id: 'integrations', channel: 'email', intent: 'educate', subject: 'webhooks' },
      { kind: 'exit', id: 'done' },
    ],
  };
}

/**
 * The knowledge network: the in-app guide answers a problem with the help article, the forum agent with a community
 * thread, and only what neither resolves becomes a ticket for human support — whose answers the docs agent writes
 * back into the help docs, so the same question resolves in-app next time (fewer tickets over time).
 */
function registerKnowledgeAgents(o: Orchestration, docsImproved: Set<string>): void {
  const agents = new AgentRuntime(o);
  agents.register(
    defineAgent({
      id: 'in-app-guide',
      service: 'saas-app',
      subscribes: ['feature.error'],
      latencyMs: [2_000, 20_000],
      interpret: (_view, event) => event.subject,
      act: (feature, actions) => {
        actions.message({ channel: 'in_app', intent: 'educate', subject: feature });
      },
    }),
  );
  agents.register(
    defineAgent({
      id: 'community-forum',
      service: 'forum',
      subscribes: ['forum.question_posted'],
      latencyMs: [10 * MINUTE, 3 * HOUR],
      interpret: (_view, event) => event.subject,
      act: (feature, actions) => {
        actions.message({ channel: 'web', intent: 'answer', subject: feature });
      },
    }),
  );
  agents.register(
    defineAgent({
      id: 'human-support',
      service: 'support-desk',
      subscribes: ['ticket.opened'],
      latencyMs: [HOUR, DAY],
      interpret: (_view, event) => event.subject,
      act: (feature, actions) => {
        if (actions.message({ channel: 'email', intent: 'resolve', subject: feature })) actions.publish('ticket.resolved', { subject: feature });
      },
      learn: (_feature, result) => (result.allowed > 0 ? 'resolved' : undefined),
    }),
  );
  agents.register(
    defineAgent({
      id: 'help-docs',
      service: 'docs-portal',
      subscribes: ['ticket.resolved'],
      latencyMs: [HOUR, 2 * DAY],
      interpret: (_view, event) => (docsImproved.has(event.subject ?? '') ? undefined : event.subject),
      act: (feature, actions) => {
        docsImproved.add(feature);
        actions.write({ [`docs.${feature}`]: 'updated' });
      },
      learn: () => 'docs_updated',
    }),
  );
}

/**
 * SaaS knowledge network: forum, help docs and in-app messaging resolve problems before they become tickets
 * (outcome `resolved`), and learn from the tickets that still come. Command: a fixed education drip, and every
 * problem is a ticket for the support queue.
 */
export const saasKnowledge: Scenario = {
  name: 'saas-knowledge',
  code: 'sk',
  description: 'forum, help docs and in-app guidance resolve problems and reduce tickets (command: drip + tickets)',
  modes: ['network', 'command'],
  spansPerCustomer: 21,
  schedule(run) {
    const o = run.orchestration;
    const random = o.random;
    const docsImproved = new Set<string>();
    const network = run.mode !== 'command';
    if (network) registerKnowledgeAgents(o, docsImproved);
    else new JourneyHub(o, { governed: false }).deploy(featureEducation());

    // Customers: whether a piece of help resolves the problem, else the next channel.
    const resolved = (customerId: string, at: number, cause: { span: SpanContext; hop: number }, subject: string, via: string) =>
      o.external({ service: 'saas-app', source: 'customer', type: 'issue.resolved', at, customerId, subject, cause, outcome: 'resolved', data: { via } });
    o.bus.subscribe(MESSAGE_SENT, (event) => {
      const customerId = event.customerId;
      const subject = event.subject ?? '';
      if (customerId === undefined || !event.source || !FEATURES.includes(subject as (typeof FEATURES)[number])) return;
      const cause = { span: event.source, hop: event.hop };
      const at = event.at + 5 * MINUTE + random.next() * 30 * MINUTE;
      if (event.data?.intent === 'educate') {
        const helpful = docsImproved.has(subject) ? 0.8 : 0.5;
        if (random.chance(helpful)) o.clock.at(at, () => resolved(customerId, at, cause, subject, 'in_app'));
        else o.clock.at(at, () => o.external({ service: 'forum', source: 'customer', type: 'forum.question_posted', at, customerId, subject, cause }));
      } else if (event.data?.intent === 'answer') {
        if (random.chance(0.6)) o.clock.at(at, () => resolved(customerId, at, cause, subject, 'forum'));
        else o.clock.at(at, () => o.external({ service: 'support-desk', source: 'customer', type: 'ticket.opened', at, customerId, subject, cause }));
      }
    });
    if (!network) {
      o.bus.subscribe('ticket.opened', (event) => {
        const at = event.at + DAY + random.next() * 2 * DAY;
        const cause = event.source ? { span: event.source, hop: event.hop } : undefined;
        o.clock.at(at, () => o.external({ service: 'support-desk', source: 'support-queue', type: 'ticket.closed', at, customerId: event.customerId, subject: event.subject, cause, outcome: 'resolved' }));
      });
    }

    for (let i = 0; i < run.customers; i++) {
      const customerId = run.customerId(i);
      const trialAt = run.startMs + random.next() * (run.endMs - run.startMs) * 0.5;
      if (!network) o.clock.at(trialAt, () => o.external({ service: 'saas-app', source: 'customer', type: 'trial.started', at: trialAt, customerId }));
      for (let at = trialAt + random.next() * DAYS_BETWEEN_PROBLEMS * 2 * DAY; at < run.endMs; at += (0.5 + random.next() * 2 * DAYS_BETWEEN_PROBLEMS) * DAY) {
        const problemAt = at;
        const feature = random.pick(FEATURES);
        // Without the network, a problem goes straight to the support queue.
        const type = network ? 'feature.error' : 'ticket.opened';
        o.clock.at(problemAt, () => o.external({ service: 'saas-app', source: 'customer', type, at: problemAt, customerId, subject: feature }));
      }
    }
  },
};
