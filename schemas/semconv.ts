/**
 * Flexix business-event span conventions (CONTRACT §1) as constants.
 * Instrumentation and analysis both import these names, so a typo is a compile error rather than a silent miss.
 */

/** Span attribute keys defined by the Flexix contract. */
export const ATTR = {
  model: 'flexix.model',
  agent: 'flexix.agent',
  customerId: 'flexix.customer.id',
  phase: 'flexix.phase',
  event: 'flexix.event',
  journeyId: 'flexix.journey.id',
  journeyStep: 'flexix.journey.step',
  journeyVersion: 'flexix.journey.version',
  messageChannel: 'flexix.message.channel',
  messageIntent: 'flexix.message.intent',
  messageSubject: 'flexix.message.subject',
  contextKeys: 'flexix.context.keys',
  protocolRule: 'flexix.protocol.rule',
  protocolDecision: 'flexix.protocol.decision',
  hop: 'flexix.hop',
  outcome: 'flexix.outcome',
  changeId: 'flexix.change.id',
  changeModel: 'flexix.change.model',
  changeTarget: 'flexix.change.target',
  changeStage: 'flexix.change.stage',
} as const;

/** Link attribute naming a link that is not causal (CONTRACT §1 "Causality"). */
export const LINK_TYPE_ATTR = 'flexix.link.type';
/** The only non-causal link type the contract defines. */
export const LINK_TYPE_CONTEXT_READ = 'context_read';

/** Attribute keys accepted on input as the customer id, in order of preference. */
export const CUSTOMER_ID_ATTRS = [ATTR.customerId, 'user.id', 'enduser.id'] as const;

/** Orchestration models. */
export const MODELS = ['command', 'network'] as const;
/** Which orchestration model took a decision. */
export type Model = (typeof MODELS)[number];

/** Phases: network agents sense → interpret → act → learn; command journeys run steps. */
export const PHASES = ['sense', 'interpret', 'act', 'learn', 'step'] as const;
/** A span's phase. */
export type Phase = (typeof PHASES)[number];

/** Message channels named by the contract (others are accepted). */
export const CHANNELS = ['email', 'sms', 'push', 'chat', 'web', 'in_app', 'call'] as const;

/** Protocol decisions. */
export const DECISIONS = ['allow', 'deny'] as const;
/** A runtime protocol decision. */
export type Decision = (typeof DECISIONS)[number];

/** Change stages in the order a change walks them. */
export const CHANGE_STAGES = ['requested', 'approved', 'tested', 'deployed', 'live'] as const;
/** One stage of a change. */
export type ChangeStage = (typeof CHANGE_STAGES)[number];
