import type { BusinessSpan } from './BusinessSpan.js';
import { compareSpans } from './spanRef.js';

/**
 * What counts as one "step" of an agent for a customer, shared by loop finding, path discovery and the journey audit.
 *
 * A step is an **action**: a span with phase `act` or `step`, or a span without a phase that carries a message intent
 * or an event (an emitted event). Sense, interpret and learn spans are not steps (they are the reasoning around an
 * action, and counting them would make every action look like a length-1 loop). Denied actions are not steps (they did
 * not happen; the engine stamps `allow` on the action span itself, which stays a step), nor are change-stage spans.
 *
 * Several action spans of one agent inside one piece of synchronous work (e.g. an `act` span and its child
 * `message.sent` span, or two sibling acts under one `sense`) are one step. Precisely: an action span is **merged**
 * (not a step of its own) when an earlier action span of the same customer, trace and agent — of the same actor when
 * the span names a journey step — is still running when it starts, is its parent, or shares its non-empty parent.
 * Every other action span starts a step; a merged span joins the step of the latest such earlier span.
 * Reactions (new traces started with a link, CONTRACT §1, or unrelated traces) stay separate: they are what a loop is.
 * The rule looks at pairs of spans only, so ClickHouse evaluates the same rule over arrays (see
 * `collector/store/actionStepSql.ts`). Known limit: an agent reacting to its own action as a *child* span of it in the same trace
 * (instead of through a link) is merged into that action.
 */

/** The agent that acted: `flexix.agent`, else (for command spans) the journey id. */
export function actingAgent(span: BusinessSpan): string | undefined {
  return span.agent ?? span.journeyId;
}

/** True when the span is an action step (see the module comment for the rule). */
export function isActionSpan(span: BusinessSpan): boolean {
  // Runs on every span of a scan: cheapest and most selective checks first, no set lookups.
  const phase = span.phase;
  if (phase === 'sense' || phase === 'interpret' || phase === 'learn') return false;
  if (phase !== 'act' && phase !== 'step' && span.intent === undefined && span.event === undefined) return false;
  if (span.decision === 'deny' || span.changeId !== undefined) return false;
  return span.agent !== undefined || span.journeyId !== undefined;
}

/** True when the span can take part in a loop: an action step, or a span holding links (the joins between steps). */
export function isLoopCandidate(span: BusinessSpan): boolean {
  return isActionSpan(span) || span.links.length > 0;
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
  /** Trace of the step's first span. */
  traceId: string;
  /** Start of the step's first span. */
  startMs: number;
  /** Latest end among the step's spans. */
  endMs: number;
  /** Indices (into the input array) of the spans merged into this step, first one first. */
  spans: number[];
}

/** An earlier action span of a customer, as the merge rule (module comment) needs it. */
interface MergeCandidate {
  spanId: string;
  parentSpanId: string;
  endMs: number;
  actorId: number;
  step: ActionStep;
}

/**
 * Groups the action steps of every customer, each customer's steps in time order. Spans without a customer are not
 * any customer's activity and are left out; a span repeated in the input (same trace and span id) counts once.
 * `actorIds` interns actor names and may be shared between calls.
 *
 * Built for a million spans: action spans are grouped per customer (see {@link groupActionSpansByCustomer}: free
 * when the input is ordered by customer and time, as the store returns it); the merge rule only compares spans of one
 * trace and agent, found through one map that is cleared per customer.
 */
export function collectCustomerSteps(
  spans: readonly BusinessSpan[],
  actorIds: Map<string, number> = new Map(),
  groups: CustomerGroups = groupActionSpansByCustomer(spans),
): CustomerSteps[] {
  const { customerNames, offsets, ordered, sorted } = groups;
  const byTime = (x: number, y: number): number => compareSpans(spans[x]!, spans[y]!);
  const result: CustomerSteps[] = new Array<CustomerSteps>(customerNames.length);
  const slice: number[] = []; // reused across customers
  const earlier = new Map<string, MergeCandidate[]>(); // trace + agent → earlier action spans, reused across customers
  for (let c = 0; c < customerNames.length; c++) {
    const customerId = customerNames[c]!;
    slice.length = 0;
    earlier.clear();
    let inOrder = true;
    for (let k = offsets[c]!; k < offsets[c + 1]!; k++) {
      const i = ordered[k]!;
      if (!sorted && inOrder && slice.length > 0 && compareSpans(spans[slice[slice.length - 1]!]!, spans[i]!) > 0) inOrder = false;
      slice.push(i);
    }
    // Plain-array sort, and only when needed: input ordered by time (or by customer and time) is the common case.
    if (!inOrder) slice.sort(byTime);
    const steps: ActionStep[] = [];
    let previous: BusinessSpan | undefined;
    for (const i of slice) {
      const s = spans[i]!;
      if (previous !== undefined && compareSpans(previous, s) === 0) continue; // the same span twice
      previous = s;
      const actor = actorOf(s)!;
      let actorId = actorIds.get(actor);
      if (actorId === undefined) {
        actorId = actorIds.size;
        actorIds.set(actor, actorId);
      }
      const agent = actingAgent(s)!;
      const end = s.startMs + s.durationNs / 1e6;
      const key = `${s.traceId}\u0000${agent}`;
      let group = earlier.get(key);
      if (group === undefined) {
        group = [];
        earlier.set(key, group);
      }
      const parentId = s.parentSpanId;
      let step: ActionStep | undefined;
      for (let k = group.length - 1; k >= 0 && step === undefined; k--) {
        const e = group[k]!;
        if (s.journeyStep !== undefined && e.actorId !== actorId) continue;
        if (s.startMs <= e.endMs || e.spanId === parentId || (parentId !== '' && e.parentSpanId === parentId)) step = e.step;
      }
      if (step === undefined) {
        step = { customerId, actor, actorId, agent, traceId: s.traceId, startMs: s.startMs, endMs: end, spans: [i] };
        const model = s.model ?? (isCommandSpan(s) ? 'command' : undefined);
        if (model !== undefined) step.model = model;
        steps.push(step);
      } else {
        step.spans.push(i);
        if (end > step.endMs) step.endMs = end;
      }
      group.push({ spanId: s.spanId, parentSpanId: parentId, endMs: end, actorId, step });
    }
    result[c] = { customerId, steps };
  }
  return result;
}

/** One customer's action steps, in time order. */
export interface CustomerSteps {
  customerId: string;
  steps: ActionStep[];
}

/** Action spans grouped per customer: customer `c`'s span indices are `ordered[offsets[c] .. offsets[c + 1])`. */
export interface CustomerGroups {
  customerNames: string[];
  offsets: Int32Array;
  ordered: Int32Array;
  /** True when each group is already in {@link compareSpans} order. */
  sorted: boolean;
  /** Indices of all spans (of any kind) carrying at least one link, collected in the same pass. */
  linked: number[];
}

/**
 * Groups the action spans of each customer. When the input is ordered by customer id then time (the order of a table
 * keyed by customer), one pass with string comparisons does it and no hashing is needed; otherwise customers are
 * interned in a map and the spans placed by a counting sort (stable), and `sorted` is false.
 */
export function groupActionSpansByCustomer(spans: readonly BusinessSpan[]): CustomerGroups {
  const actionSpans: number[] = [];
  const customerNames: string[] = [];
  const starts: number[] = [0];
  const linked: number[] = [];
  let previous: BusinessSpan | undefined;
  let ordered = true;
  let i = 0;
  for (; i < spans.length; i++) {
    const s = spans[i]!;
    if (s.links.length > 0) linked.push(i);
    const customerId = s.customerId;
    if (customerId === undefined || !isActionSpan(s)) continue;
    if (previous !== undefined) {
      const prevId = previous.customerId!;
      if (customerId === prevId) {
        if (compareSpans(previous, s) > 0) {
          ordered = false;
          break;
        }
      } else if (customerId < prevId) {
        ordered = false;
        break;
      } else {
        starts.push(actionSpans.length);
        customerNames.push(prevId);
      }
    }
    actionSpans.push(i);
    previous = s;
  }
  if (ordered) {
    if (previous !== undefined) customerNames.push(previous.customerId!);
    starts.push(actionSpans.length);
    return { customerNames, offsets: Int32Array.from(starts), ordered: Int32Array.from(actionSpans), sorted: true, linked };
  }
  // Not ordered: finish collecting links, then group through a map.
  for (i++; i < spans.length; i++) if (spans[i]!.links.length > 0) linked.push(i);

  const customerIndex = new Map<string, number>();
  const names: string[] = [];
  const all: number[] = [];
  const customerOf: number[] = [];
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    const customerId = s.customerId;
    if (customerId === undefined || !isActionSpan(s)) continue;
    let c = customerIndex.get(customerId);
    if (c === undefined) {
      c = names.length;
      customerIndex.set(customerId, c);
      names.push(customerId);
    }
    all.push(i);
    customerOf.push(c);
  }
  const offsets = new Int32Array(names.length + 1);
  for (const c of customerOf) offsets[c + 1]!++;
  for (let c = 0; c < names.length; c++) offsets[c + 1]! += offsets[c]!;
  const fill = offsets.slice(0, names.length);
  const placed = new Int32Array(all.length);
  for (let k = 0; k < all.length; k++) placed[fill[customerOf[k]!]!++] = all[k]!;
  return { customerNames: names, offsets, ordered: placed, sorted: false, linked };
}
