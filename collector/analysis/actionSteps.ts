import type { BusinessSpan } from './BusinessSpan.js';
import { compareSpans } from './spanRef.js';
import type { SpanIndex } from './SpanIndex.js';

/**
 * What counts as one "step" of an agent for a customer, shared by loop finding, path discovery and the journey audit.
 *
 * A step is an **action**: a span with phase `act` or `step`, or a span without a phase that carries a message intent
 * or an event (an emitted event). Sense, interpret and learn spans are not steps (they are the reasoning around an
 * action, and counting them would make every action look like a length-1 loop). Protocol decision spans are not steps
 * (a denied action did not happen; an allowed one has its own span), nor are change-stage spans.
 *
 * Several action spans of the same actor inside one piece of synchronous work (the same causal unit — e.g. an `act`
 * span and its child `message.sent` span) are merged into one step when one is an ancestor of the other or they overlap
 * in time. Steps of different reactions (joined by links, or not joined at all) stay separate: they are what a loop is.
 */

const NON_ACTION_PHASES = new Set(['sense', 'interpret', 'learn']);

/** The agent that acted: `flexix.agent`, else (for command spans) the journey id. */
export function actingAgent(span: BusinessSpan): string | undefined {
  return span.agent ?? span.journeyId;
}

/** True when the span is an action step (see the module comment for the rule). */
export function isActionSpan(span: BusinessSpan): boolean {
  if (span.decision !== undefined || span.changeId !== undefined) return false;
  if (actingAgent(span) === undefined) return false;
  if (span.phase === 'act' || span.phase === 'step') return true;
  if (span.phase !== undefined && NON_ACTION_PHASES.has(span.phase)) return false;
  return span.intent !== undefined || span.event !== undefined;
}

/** True for a span of the command model (explicitly, or a journey span without a model). */
export function isCommandSpan(span: BusinessSpan): boolean {
  return span.model === 'command' || (span.model === undefined && span.journeyId !== undefined);
}

/**
 * The actor identity used for loops: the agent id for network agents; `journey#step` for command journeys, so a
 * journey walking distinct steps never repeats an actor while a journey repeating one step does.
 */
export function actorOf(span: BusinessSpan): string | undefined {
  const agent = actingAgent(span);
  if (agent === undefined) return undefined;
  return isCommandSpan(span) && span.journeyStep !== undefined ? `${agent}#${span.journeyStep}` : agent;
}

/** One action step of one customer. */
export interface ActionStep {
  customerId: string;
  /** See {@link actorOf}. */
  actor: string;
  /** Interned actor number (fast equality in the loop scan). */
  actorId: number;
  /** The acting agent or journey (without the step). */
  agent: string;
  model?: 'command' | 'network';
  /** Start of the step's first span. */
  startMs: number;
  /** Latest end among the step's spans. */
  endMs: number;
  /** Span indices (into the {@link SpanIndex}) merged into this step, first one first. */
  spans: number[];
  /** Causal unit of the step (see {@link SpanIndex.unitOf}). */
  unit: number;
}

const MAX_ANCESTOR_WALK = 64;
// Numeric (unit, actor) keys avoid building a string per action span.
const ACTOR_SPACE = 2 ** 21;

/**
 * Groups the action steps of every customer, each customer's steps in time order. Spans without a customer are not
 * any customer's activity and are left out. `actorIds` interns actor names and may be shared between calls.
 */
export function collectCustomerSteps(
  index: SpanIndex,
  actorIds: Map<string, number> = new Map(),
): Map<string, ActionStep[]> {
  const spans = index.spans;
  const byCustomer = new Map<string, number[]>();
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    if (s.customerId === undefined || index.isDuplicate(i) || !isActionSpan(s)) continue;
    const list = byCustomer.get(s.customerId);
    if (list) list.push(i);
    else byCustomer.set(s.customerId, [i]);
  }
  const result = new Map<string, ActionStep[]>();
  for (const [customerId, indices] of byCustomer) {
    indices.sort((x, y) => compareSpans(spans[x]!, spans[y]!));
    const steps: ActionStep[] = [];
    const stepOfSpan = new Map<number, ActionStep>();
    const lastByUnitActor = new Map<number, ActionStep>();
    for (const i of indices) {
      const s = spans[i]!;
      const actor = actorOf(s)!;
      let actorId = actorIds.get(actor);
      if (actorId === undefined) {
        actorId = actorIds.size;
        actorIds.set(actor, actorId);
      }
      const unit = index.unitOf(i);
      const end = s.startMs + s.durationNs / 1e6;
      const agent = actingAgent(s)!;
      let step: ActionStep | undefined;
      // Same actor further up the same synchronous tree: a sub-span of that action. A sub-span that does not repeat
      // the journey step (a message sent by a step) belongs to its step too.
      for (let p = index.parentOf(i), depth = 0; p !== -1 && depth < MAX_ANCESTOR_WALK; p = index.parentOf(p), depth++) {
        const candidate = stepOfSpan.get(p);
        if (candidate !== undefined && (candidate.actorId === actorId || (candidate.agent === agent && s.journeyStep === undefined))) {
          step = candidate;
          break;
        }
        if (p === unit) break;
      }
      const key = unit * ACTOR_SPACE + actorId;
      if (step === undefined) {
        const last = lastByUnitActor.get(key);
        if (last !== undefined && s.startMs <= last.endMs) step = last;
      }
      if (step === undefined) {
        step = { customerId, actor, actorId, agent, startMs: s.startMs, endMs: end, spans: [i], unit };
        const model = s.model ?? (isCommandSpan(s) ? 'command' : undefined);
        if (model !== undefined) step.model = model;
        steps.push(step);
      } else {
        step.spans.push(i);
        if (end > step.endMs) step.endMs = end;
      }
      stepOfSpan.set(i, step);
      lastByUnitActor.set(key, step);
    }
    result.set(customerId, steps);
  }
  return result;
}
