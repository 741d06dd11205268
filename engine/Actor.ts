import type { Model } from '../schemas/semconv.js';

/** Who takes an action: a network agent or a command journey, hosted by a system. */
export interface Actor {
  /** `flexix.agent`: the agent id, or the journey id. */
  id: string;
  model: Model;
  /** `service.name` of the hosting system. */
  service: string;
  /** Whether the protocol guard checks this actor's actions (a command hub outside a hybrid setup is not). */
  governed: boolean;
}
