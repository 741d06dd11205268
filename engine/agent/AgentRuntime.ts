import type { Link, SpanContext } from '@opentelemetry/api';
import { LINK_TYPE_ATTR, LINK_TYPE_CONTEXT_READ } from '../../schemas/semconv.js';
import type { Actor } from '../Actor.js';
import type { BusEvent } from '../bus/BusEvent.js';
import type { Orchestration } from '../Orchestration.js';
import type { ActionOptions, AgentActions, AgentDefinition, AgentView } from './AgentDefinition.js';

const DEFAULT_LATENCY: readonly [number, number] = [1000, 60_000];
const STEP_MS = 50;

/**
 * Runs network agents on an orchestration: subscribes them to the bus and turns each reaction into a trace —
 * a root `sense` span linked to the span that produced the event, then `interpret` (linked, as `context_read`, to the
 * writers of the context it read), one span per action, and `learn`.
 */
export class AgentRuntime {
  /** Runs agents on `orchestration`. */
  constructor(private readonly orchestration: Orchestration) {}

  /** Subscribes `agent` to its event types. */
  register<Plan>(agent: AgentDefinition<Plan>): void {
    const actor: Actor = { id: agent.id, model: 'network', service: agent.service ?? agent.id, governed: true };
    const [min, max] = agent.latencyMs ?? DEFAULT_LATENCY;
    for (const type of agent.subscribes) {
      this.orchestration.bus.subscribe(type, (event) => {
        const at = event.at + min + this.orchestration.random.next() * (max - min);
        this.orchestration.clock.at(at, () => this.react(agent, actor, event));
      });
    }
  }

  private react<Plan>(agent: AgentDefinition<Plan>, actor: Actor, event: BusEvent): void {
    const o = this.orchestration;
    let at = o.clock.now();
    const hop = event.hop + 1;
    const customerId = event.customerId;
    const sense = o.observe(actor, {
      name: `sense ${event.type}`,
      phase: 'sense',
      at,
      hop,
      customerId,
      links: event.source ? [{ context: event.source }] : undefined,
      attributes: { 'flexix.event': event.type },
    });

    const readLinks: Link[] = [];
    const view: AgentView = {
      customerId,
      now: at,
      random: o.random,
      read(key, otherCustomer) {
        const id = otherCustomer ?? customerId;
        if (id === undefined) return undefined;
        const entry = o.context.get(id, key);
        if (entry?.writer && entry.writer.traceId !== sense.traceId) {
          readLinks.push({ context: entry.writer, attributes: { [LINK_TYPE_ATTR]: LINK_TYPE_CONTEXT_READ } });
        }
        return entry?.value;
      },
    };
    const plan = agent.interpret(view, event);
    at += STEP_MS;
    o.observe(actor, { name: 'interpret', phase: 'interpret', at, hop, customerId, parent: sense, links: readLinks.length ? readLinks : undefined });
    if (plan === undefined) return;

    const result = { allowed: 0, denied: 0 };
    const perform = (spec: Parameters<Orchestration['act']>[1]): boolean => {
      const span: SpanContext | undefined = o.act(actor, spec);
      if (span) result.allowed++;
      else result.denied++;
      return span !== undefined;
    };
    const next = (options: ActionOptions | undefined) => (at += options?.afterMs ?? STEP_MS);
    const actions: AgentActions = {
      message: (message, options) =>
        perform({ name: `act ${message.intent}`, phase: 'act', at: next(options), hop, parent: sense, customerId: options?.customerId ?? customerId, message }),
      publish: (type, options) =>
        perform({
          name: `act ${type}`,
          phase: 'act',
          at: next(options),
          hop,
          parent: sense,
          customerId: options?.customerId ?? customerId,
          event: { type, subject: options?.subject, delayMs: options?.delayMs, data: options?.data },
        }),
      write: (values, options) =>
        perform({ name: 'act context.write', phase: 'act', at: next(options), hop, parent: sense, customerId: options?.customerId ?? customerId, write: values }),
    };
    agent.act(plan, actions, event);

    const outcome = agent.learn?.(plan, result, view);
    o.observe(actor, { name: 'learn', phase: 'learn', at: next(undefined), hop, customerId, parent: sense, outcome });
  }
}
