import type { ActionFacts } from './ActionFacts.js';

/** Rule id of a denial by the loop breaker. */
export const LOOP_BREAKER_RULE = 'loop-breaker';

/** Limits of one agent; `maxCycleRepeats` 0 turns the breaker off for it. */
export interface CycleRepeatLimit {
  /** Times the agent may be re-entered by one customer's causal chain within `windowMs` before its next action is denied. */
  maxCycleRepeats: number;
  windowMs: number;
}

/** Breaker settings: a default limit and per-agent overrides. */
export interface LoopBreakerOptions extends CycleRepeatLimit {
  /** Per-agent limits (e.g. a looser one for a chatbot that legitimately answers many turns). */
  agents?: Readonly<Record<string, Partial<CycleRepeatLimit>>>;
}

interface Entry {
  at: number;
  hop: number;
}

/**
 * A per-customer rate limit on repeated cycles, the engine's circuit breaker for feedback loops (CONTRACT §1).
 *
 * A cycle re-enters an agent deeper in the same causal chain: the agent acted for the customer at hop h, and again at
 * a later, deeper hop. Counting those re-entries per (customer, agent) within a time window catches a loop whatever
 * its length, after a few turns — before it runs away — while an agent acting many times at the same depth (one
 * reaction with several actions, or independent chains each starting at hop 1) is not a cycle and is never limited.
 */
export class LoopBreaker {
  /** customer → agent → the agent's recent actions, oldest first, one entry per depth. */
  private readonly actions = new Map<string, Map<string, Entry[]>>();

  constructor(private readonly options: LoopBreakerOptions) {}

  /** True when `action` at depth `hop` would re-enter its agent more often than allowed. */
  trips(action: ActionFacts, hop: number): boolean {
    const limit = this.limitOf(action.agent);
    if (limit.maxCycleRepeats <= 0 || action.customerId === undefined) return false;
    const entries = this.actions.get(action.customerId)?.get(action.agent);
    if (!entries) return false;
    let reentries = 0;
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i]!;
      if (entry.at < action.at - limit.windowMs) break;
      if (entry.hop < hop) reentries++;
    }
    // Every earlier action at a shallower depth makes this one a further re-entry.
    return reentries > limit.maxCycleRepeats;
  }

  /** Records an action that went ahead. */
  record(action: ActionFacts, hop: number): void {
    const limit = this.limitOf(action.agent);
    if (limit.maxCycleRepeats <= 0 || action.customerId === undefined) return;
    let byAgent = this.actions.get(action.customerId);
    if (!byAgent) this.actions.set(action.customerId, (byAgent = new Map()));
    let entries = byAgent.get(action.agent);
    if (!entries) byAgent.set(action.agent, (entries = []));
    const last = entries.at(-1);
    if (last?.hop === hop) {
      last.at = action.at; // several actions of one reaction are one entry
      return;
    }
    entries.push({ at: action.at, hop });
    // Entries that left the window can never count again.
    const firstInWindow = entries.findIndex((e) => e.at >= action.at - limit.windowMs);
    if (firstInWindow > 0) entries.splice(0, firstInWindow);
  }

  private limitOf(agent: string): CycleRepeatLimit {
    const own = this.options.agents?.[agent];
    return { maxCycleRepeats: own?.maxCycleRepeats ?? this.options.maxCycleRepeats, windowMs: own?.windowMs ?? this.options.windowMs };
  }
}
