import type { Link, SpanContext } from '@opentelemetry/api';
import { ATTR, LINK_TYPE_ATTR, LINK_TYPE_CONTEXT_READ } from '../../schemas/semconv.js';
import type { Actor } from '../Actor.js';
import type { BusEvent } from '../bus/BusEvent.js';
import type { ActionSpec, MessageSpec, Orchestration } from '../Orchestration.js';
import type { Random } from '../random.js';
import type { ActionOptions, AgentActions, AgentDefinition, AgentView } from './AgentDefinition.js';

/** Virtual time between two phases or actions of one reaction: quick, but ordered. */
const STEP_MS = 50;

/**
 * One agent's reaction to one event, as one trace: a root `sense` span linked to the span that produced the event,
 * `interpret` (linked, as `context_read`, to the writers of the context it read), one span per action, `learn`.
 * The reaction is both the agent's view and its actions, so running it allocates no per-call closures.
 */
export class Reaction<Plan> implements AgentView, AgentActions {
  readonly customerId: string | undefined;
  readonly now: number;
  readonly random: Random;
  private at: number;
  private readonly hop: number;
  private sense: SpanContext | undefined;
  private readLinks: Link[] | undefined;
  private allowed = 0;
  private denied = 0;

  /** Prepares `agent`'s reaction to `event` at the current virtual time. */
  constructor(
    private readonly orchestration: Orchestration,
    private readonly agent: AgentDefinition<Plan>,
    private readonly actor: Actor,
    private readonly event: BusEvent,
  ) {
    this.customerId = event.customerId;
    this.now = this.at = orchestration.clock.now();
    this.random = orchestration.random;
    this.hop = event.hop + 1;
  }

  /** Senses, interprets, acts and learns. */
  run(): void {
    const o = this.orchestration;
    const { actor, event, agent } = this;
    this.sense = o.observe(actor, {
      name: `sense ${event.type}`,
      phase: 'sense',
      at: this.at,
      hop: this.hop,
      customerId: this.customerId,
      links: event.source ? [{ context: event.source }] : undefined,
      attributes: { [ATTR.event]: event.type },
    });
    const plan = agent.interpret(this, event);
    o.observe(actor, { name: 'interpret', phase: 'interpret', at: this.next(undefined), hop: this.hop, customerId: this.customerId, parent: this.sense, links: this.readLinks });
    if (plan === undefined) return;
    agent.act(plan, this, event);
    const outcome = agent.learn?.(plan, { allowed: this.allowed, denied: this.denied }, this);
    o.observe(actor, { name: 'learn', phase: 'learn', at: this.next(undefined), hop: this.hop, customerId: this.customerId, parent: this.sense, outcome });
  }

  /** {@inheritDoc AgentView.read} */
  read(key: string, customerId?: string): string | number | boolean | undefined {
    const id = customerId ?? this.customerId;
    if (id === undefined) return undefined;
    const entry = this.orchestration.context.get(id, key);
    // Reading what another trace wrote is how the network couples without events: keep it as a context_read link.
    if (entry?.writer && entry.writer.traceId !== this.sense?.traceId) {
      (this.readLinks ??= []).push({ context: entry.writer, attributes: { [LINK_TYPE_ATTR]: LINK_TYPE_CONTEXT_READ } });
    }
    return entry?.value;
  }

  /** {@inheritDoc AgentActions.message} */
  message(message: MessageSpec, options?: ActionOptions): boolean {
    return this.perform(`act ${message.intent}`, options, { message });
  }

  /** {@inheritDoc AgentActions.publish} */
  publish(
    type: string,
    options?: ActionOptions & { subject?: string; delayMs?: number; data?: Record<string, string | number | boolean> },
  ): boolean {
    return this.perform(`act ${type}`, options, { event: { type, subject: options?.subject, delayMs: options?.delayMs, data: options?.data } });
  }

  /** {@inheritDoc AgentActions.write} */
  write(values: Record<string, string | number | boolean>, options?: ActionOptions): boolean {
    return this.perform('act context.write', options, { write: values });
  }

  private perform(name: string, options: ActionOptions | undefined, what: Pick<ActionSpec, 'message' | 'event' | 'write'>): boolean {
    const spec: ActionSpec = {
      name,
      phase: 'act',
      at: this.next(options),
      hop: this.hop,
      parent: this.sense,
      customerId: options?.customerId ?? this.customerId,
      message: what.message,
      event: what.event,
      write: what.write,
    };
    const done = this.orchestration.act(this.actor, spec) !== undefined;
    if (done) this.allowed++;
    else this.denied++;
    return done;
  }

  private next(options: ActionOptions | undefined): number {
    return (this.at += options?.afterMs ?? STEP_MS);
  }
}
