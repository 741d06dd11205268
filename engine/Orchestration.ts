import type { Attributes, Link, SpanContext } from '@opentelemetry/api';
import type { Handbook } from '../schemas/handbook.js';
import { ATTR, type Phase } from '../schemas/semconv.js';
import type { Actor } from './Actor.js';
import { EventBus } from './bus/EventBus.js';
import type { Scheduler } from './clock/Scheduler.js';
import { CustomerContext } from './context/CustomerContext.js';
import type { ActionFacts } from './protocol/ActionFacts.js';
import { CustomerHistory } from './protocol/CustomerHistory.js';
import { ProtocolGuard } from './protocol/ProtocolGuard.js';
import type { Random } from './random.js';
import type { Tracing } from './telemetry/Tracing.js';

/** Bus event type of every message that reached a customer, so simulated customers can react to it. */
export const MESSAGE_SENT = 'message.sent';

/** A message to a customer. */
export interface MessageSpec {
  channel: string;
  intent: string;
  subject?: string;
}

/** A business event to publish on the bus. */
export interface EventSpec {
  type: string;
  subject?: string;
  /** Delivery latency to subscribers, ms. */
  delayMs?: number;
  data?: Readonly<Record<string, string | number | boolean>>;
}

/** One action of an actor: exactly what its span records. */
export interface ActionSpec {
  customerId?: string;
  /** Causal depth of the action. */
  hop: number;
  at: number;
  /** Synchronous caller span. */
  parent?: SpanContext;
  links?: Link[];
  phase: Phase;
  name: string;
  message?: MessageSpec;
  event?: EventSpec;
  /** Shared-context keys and values to write. */
  write?: Readonly<Record<string, string | number | boolean>>;
  outcome?: string;
  /** Further attributes (journey step, ...). */
  attributes?: Attributes;
}

/** An external event entering the system (a supplier feed, a customer's complaint). */
export interface ExternalEventSpec {
  service: string;
  /** `flexix.agent`: the system or person the event comes from. */
  source: string;
  type: string;
  at: number;
  customerId?: string;
  subject?: string;
  /** The span that caused it (e.g. the message a complaint answers); absent for a truly external event (hop 0). */
  cause?: { span: SpanContext; hop: number };
  outcome?: string;
  delayMs?: number;
  data?: Readonly<Record<string, string | number | boolean>>;
}

/** Options of {@link Orchestration}. */
export interface OrchestrationOptions {
  clock: Scheduler;
  random: Random;
  tracing: Tracing;
  handbook: Handbook;
  /** Deepest hop a governed action may have; 0 turns the limit off. */
  hopLimit: number;
}

/**
 * The shared runtime every journey, agent and scenario runs on: clock, randomness, bus, shared context, customer
 * history and protocol guard, plus the one place where actions become spans — so every span carries the same
 * CONTRACT §1 attributes however it was produced.
 */
export class Orchestration {
  readonly clock: Scheduler;
  readonly random: Random;
  readonly tracing: Tracing;
  readonly bus: EventBus;
  readonly context = new CustomerContext();
  readonly history = new CustomerHistory();
  readonly guard: ProtocolGuard;

  /** Wires the runtime from its dependencies. */
  constructor(options: OrchestrationOptions) {
    this.clock = options.clock;
    this.random = options.random;
    this.tracing = options.tracing;
    this.bus = new EventBus(options.clock);
    this.guard = new ProtocolGuard(this.history, options.handbook, options.hopLimit);
  }

  /** Records a span that is not an action (sense, interpret, learn, branch, enrollment). */
  observe(actor: Actor, spec: Omit<ActionSpec, 'message' | 'event' | 'write'>): SpanContext {
    return this.tracing.record({
      service: actor.service,
      name: spec.name,
      start: spec.at,
      parent: spec.parent,
      links: spec.links,
      attributes: this.attributes(actor, spec),
    });
  }

  /**
   * Performs an action: asks the guard first when the actor is governed; on denial records a deny span and returns
   * undefined; otherwise records the action's span, appends it to the customer's history, writes the context and
   * publishes its event, and returns the span's context.
   */
  act(actor: Actor, spec: ActionSpec): SpanContext | undefined {
    const facts: ActionFacts = {
      at: spec.at,
      customerId: spec.customerId,
      agent: actor.id,
      model: actor.model,
      intent: spec.message?.intent,
      channel: spec.message?.channel,
      event: spec.message ? MESSAGE_SENT : spec.event?.type,
      subject: spec.message?.subject ?? spec.event?.subject,
    };
    const attributes = this.attributes(actor, spec);
    if (spec.write && spec.customerId !== undefined) attributes[CONTEXT_VERSION_ATTR] = this.context.version(spec.customerId) + 1;
    if (actor.governed) {
      const verdict = this.guard.check(facts, spec.hop);
      if (verdict.decision === 'deny') {
        this.denied(actor, spec, attributes, verdict.rule);
        return undefined;
      }
      attributes[ATTR.protocolDecision] = 'allow';
    }
    const span = this.tracing.record({
      service: actor.service,
      name: spec.name,
      start: spec.at,
      parent: spec.parent,
      links: spec.links,
      attributes,
    });
    if (facts.event !== undefined) this.history.record(facts);
    if (spec.write && spec.customerId !== undefined) this.context.write(spec.customerId, spec.write, span);
    if (spec.message) {
      this.bus.publish({
        type: MESSAGE_SENT,
        customerId: spec.customerId,
        subject: spec.message.subject,
        source: span,
        hop: spec.hop,
        at: spec.at,
        data: { intent: spec.message.intent, channel: spec.message.channel },
      });
    } else if (spec.event) {
      this.bus.publish(
        { type: spec.event.type, customerId: spec.customerId, subject: spec.event.subject, source: span, hop: spec.hop, at: spec.at, data: spec.event.data },
        spec.event.delayMs,
      );
    }
    return span;
  }

  /** Records an external event (hop 0, or one hop after its cause), adds it to the history and publishes it. */
  external(spec: ExternalEventSpec): SpanContext {
    const hop = spec.cause ? spec.cause.hop + 1 : 0;
    const attributes: Attributes = { [ATTR.agent]: spec.source, [ATTR.event]: spec.type, [ATTR.hop]: hop };
    if (spec.customerId !== undefined) attributes[ATTR.customerId] = spec.customerId;
    if (spec.subject !== undefined) attributes[ATTR.messageSubject] = spec.subject;
    if (spec.outcome !== undefined) attributes[ATTR.outcome] = spec.outcome;
    const span = this.tracing.record({
      service: spec.service,
      name: spec.type,
      start: spec.at,
      links: spec.cause ? [{ context: spec.cause.span }] : undefined,
      attributes,
    });
    this.history.record({ at: spec.at, customerId: spec.customerId, agent: spec.source, event: spec.type, subject: spec.subject });
    this.bus.publish(
      { type: spec.type, customerId: spec.customerId, subject: spec.subject, source: span, hop, at: spec.at, data: spec.data },
      spec.delayMs,
    );
    return span;
  }

  private denied(actor: Actor, spec: ActionSpec, attributes: Attributes, rule: string): void {
    attributes[ATTR.protocolDecision] = 'deny';
    attributes[ATTR.protocolRule] = rule;
    // A denied action reached nobody and wrote nothing: the span must not look like a message or a write, so the
    // would-be intent moves to a separate key for the debugging view.
    if (spec.message) {
      delete attributes[ATTR.messageIntent];
      attributes[DENIED_INTENT_ATTR] = spec.message.intent;
    }
    delete attributes[ATTR.contextKeys];
    delete attributes[CONTEXT_VERSION_ATTR];
    this.tracing.record({ service: actor.service, name: `protocol.deny ${rule}`, start: spec.at, parent: spec.parent, links: spec.links, attributes });
  }

  private attributes(actor: Actor, spec: Omit<ActionSpec, 'message' | 'event' | 'write'> & Partial<ActionSpec>): Attributes {
    const attributes: Attributes = {
      [ATTR.model]: actor.model,
      [ATTR.agent]: actor.id,
      [ATTR.phase]: spec.phase,
      [ATTR.hop]: spec.hop,
    };
    if (spec.customerId !== undefined) attributes[ATTR.customerId] = spec.customerId;
    if (spec.message) {
      attributes[ATTR.event] = MESSAGE_SENT;
      attributes[ATTR.messageChannel] = spec.message.channel;
      attributes[ATTR.messageIntent] = spec.message.intent;
      if (spec.message.subject !== undefined) attributes[ATTR.messageSubject] = spec.message.subject;
    } else if (spec.event) {
      attributes[ATTR.event] = spec.event.type;
      if (spec.event.subject !== undefined) attributes[ATTR.messageSubject] = spec.event.subject;
    }
    if (spec.write) attributes[ATTR.contextKeys] = Object.keys(spec.write);
    if (spec.outcome !== undefined) attributes[ATTR.outcome] = spec.outcome;
    if (spec.attributes) Object.assign(attributes, spec.attributes);
    return attributes;
  }
}

/** Attribute of a context write: the customer's context version it created. */
export const CONTEXT_VERSION_ATTR = 'flexix.context.version';

/** Attribute of a deny span naming the intent of the message that was not sent. */
export const DENIED_INTENT_ATTR = 'flexix.protocol.denied_intent';
