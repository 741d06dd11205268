import type { Orchestration } from '../Orchestration.js';
import type { Actor } from '../Actor.js';
import type { AgentDefinition } from './AgentDefinition.js';
import { Reaction } from './Reaction.js';

const DEFAULT_LATENCY: readonly [number, number] = [1000, 60_000];

/**
 * Runs network agents on an orchestration: subscribes them to the bus and, after each agent's sensing latency, runs
 * one {@link Reaction} per event.
 */
export class AgentRuntime {
  /** Runs agents on `orchestration`. */
  constructor(private readonly orchestration: Orchestration) {}

  /** Subscribes `agent` to its event types. */
  register<Plan>(agent: AgentDefinition<Plan>): void {
    const o = this.orchestration;
    const actor: Actor = { id: agent.id, model: 'network', service: agent.service ?? agent.id, governed: true };
    const [min, max] = agent.latencyMs ?? DEFAULT_LATENCY;
    for (const type of agent.subscribes) {
      o.bus.subscribe(type, (event) => {
        o.clock.at(event.at + min + o.random.next() * (max - min), () => new Reaction(o, agent, actor, event).run());
      });
    }
  }
}
