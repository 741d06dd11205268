import type { BusEvent } from '../bus/BusEvent.js';
import type { MessageSpec } from '../Orchestration.js';
import type { Random } from '../random.js';

/** What an agent sees while interpreting an event: the shared context (reads are tracked) and its randomness. */
export interface AgentView {
  /** The customer of the event, if any. */
  readonly customerId: string | undefined;
  /** Virtual time of the reaction, epoch ms. */
  readonly now: number;
  readonly random: Random;
  /** Reads a shared-context key of a customer (default: the event's). */
  read(key: string, customerId?: string): string | number | boolean | undefined;
}

/** Options shared by the actions of {@link AgentActions}. */
export interface ActionOptions {
  /** Act on another customer than the event's (e.g. each guest of an overbooked hotel). */
  customerId?: string;
  /** Delay after the previous action, ms (default 50 ms: actions inside one reaction are quick but ordered). */
  afterMs?: number;
}

/** The actions an agent can take; each returns false when the protocol guard denied it. */
export interface AgentActions {
  /** Sends a message to the customer. */
  message(message: MessageSpec, options?: ActionOptions): boolean;
  /** Publishes a business event for other agents (`delayMs`: delivery latency). */
  publish(
    type: string,
    options?: ActionOptions & { subject?: string; delayMs?: number; data?: Record<string, string | number | boolean> },
  ): boolean;
  /** Writes shared-context keys of the customer. */
  write(values: Record<string, string | number | boolean>, options?: ActionOptions): boolean;
}

/** The result of acting, handed to `learn`. */
export interface ActResult {
  allowed: number;
  denied: number;
}

/**
 * A network agent: subscribes to event types, then for each event senses it, interprets it against the shared
 * context into a plan (or ignores it), acts on the plan, and learns from the result.
 */
export interface AgentDefinition<Plan> {
  /** `flexix.agent`. */
  id: string;
  /** `service.name` of the hosting system (default: the id). */
  service?: string;
  /** Event types the agent reacts to. */
  subscribes: readonly string[];
  /** Sensing latency after publication, ms, drawn uniformly from [min, max] (default [1000, 60000]). */
  latencyMs?: readonly [number, number];
  /** Decides what to do; `undefined` ignores the event (the sense span is still recorded). */
  interpret(view: AgentView, event: BusEvent): Plan | undefined;
  /** Carries the plan out through `actions`. */
  act(plan: Plan, actions: AgentActions, event: BusEvent): void;
  /** Returns an observed outcome (`flexix.outcome`) or undefined. */
  learn?(plan: Plan, result: ActResult, view: AgentView): string | undefined;
}

/**
 * Declares a network agent. Typing helper only: it exists so that instrumenting a new agent is one call, and the
 * runtime then emits its sense/interpret/act/learn spans with links and every Flexix attribute, e.g.
 * ```ts
 * const inventoryAgent = defineAgent({
 *   id: 'inventory-agent',
 *   subscribes: ['inventory.out_of_stock'],
 *   interpret: (_view, event) => event.subject,
 *   act: (sku, actions) => {
 *     actions.publish('journey.interrupt', { subject: sku });
 *   },
 * });
 * new AgentRuntime(orchestration).register(inventoryAgent);
 * ```
 */
export function defineAgent<Plan>(definition: AgentDefinition<Plan>): AgentDefinition<Plan> {
  return definition;
}
