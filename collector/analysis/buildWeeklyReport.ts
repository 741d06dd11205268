import type { Handbook, Rule } from '../../schemas/handbook.js';
import type { BusinessSpan } from './BusinessSpan.js';
import { actingAgent, collectCustomerSteps, isActionSpan } from './actionSteps.js';
import { computeChangeLatency, type CompletedChange } from './computeChangeLatency.js';
import { evaluateHandbook } from './evaluateHandbook.js';
import { findFeedbackLoops, type FeedbackLoop, type FeedbackLoopOptions } from './findFeedbackLoops.js';
import { isoWeekRange } from './isoWeek.js';
import { nearestRankQuantileSorted } from './quantile.js';
import { toIso } from './spanRef.js';
import type { Violation } from './Violation.js';
import { delta, increment, joinCounts, nullableDelta, type Delta, type NullableDelta } from './weekOverWeek.js';

/** Label for outcomes and denials whose span names no agent. */
export const UNATTRIBUTED = '(unattributed)';

/** Lead-time figures of one model, week over week. */
export interface LeadTimeDelta {
  count: Delta;
  p50Ms: NullableDelta;
  p90Ms: NullableDelta;
}

/** One agent's week. */
export interface AgentWeek {
  agent: string;
  model: 'command' | 'network' | null;
  /** Actions (steps, see `actionSteps.ts`: an act and the message it sends are one action). */
  actions: Delta;
  /** Spans with a message intent. */
  messages: Delta;
  /** Violations with one of the agent's spans. */
  conflicts: Delta;
  denials: Delta;
  /** `flexix.outcome` counts on the agent's spans. */
  outcomes: Record<string, Delta>;
}

/** The Orchestration Council's weekly report (JSON); every figure with last week's value and the difference. */
export interface WeeklyReport {
  week: string;
  from: string;
  to: string;
  previousWeek: string;
  conflicts: {
    total: Delta;
    byRule: Array<{ rule: string; kind: Rule['kind'] | null } & Delta>;
    /** Agents involved in each violation (sorted, distinct: one agent for a frequency excess by one agent). */
    byAgentPair: Array<{ agents: string[] } & Delta>;
  };
  loops: {
    total: Delta;
    runaway: Delta;
    /** Completed iterations per cycle and evidence. */
    byCycle: Array<{ agents: string[]; evidence: string; customers: number } & Delta>;
    /** This week's loops. */
    items: FeedbackLoop[];
  };
  denials: { total: Delta; byRule: Array<{ rule: string } & Delta> };
  changes: {
    live: Delta;
    command: LeadTimeDelta;
    network: LeadTimeDelta;
    /** Changes that went live this week. */
    items: CompletedChange[];
  };
  agents: AgentWeek[];
  /** `flexix.outcome` counts over all spans. */
  outcomes: Array<{ outcome: string } & Delta>;
}

/** Options of {@link buildWeeklyReport}. */
export interface WeeklyReportOptions {
  loops?: FeedbackLoopOptions;
}

/**
 * Per-agent activity of one week, span by span (what the report counts besides violations, loops and changes).
 * Agents are `actingAgent`; `UNATTRIBUTED` stands for none where a count needs a key.
 */
export interface WeekActivity {
  /** Actions: customers' steps (see `actionSteps.ts`) plus action spans without a customer. */
  actions: Map<string, number>;
  /** Spans with a message intent, not denied. */
  messages: Map<string, number>;
  denialsByRule: Map<string, number>;
  agentDenials: Map<string, number>;
  agentOutcomes: Map<string, Map<string, number>>;
  outcomes: Map<string, number>;
  /** Spans per agent and model, to tell an agent's model. */
  models: Map<string, { command: number; network: number }>;
}

/** An empty {@link WeekActivity}. */
export function emptyWeekActivity(): WeekActivity {
  return {
    actions: new Map(),
    messages: new Map(),
    denialsByRule: new Map(),
    agentDenials: new Map(),
    agentOutcomes: new Map(),
    outcomes: new Map(),
    models: new Map(),
  };
}

/** Adds `count` spans of one kind to `activity` (see {@link WeekActivity}); shared by the span walk and SQL rows. */
export function addActivity(
  activity: WeekActivity,
  span: { agent: string | undefined; model: 'command' | 'network' | undefined; denied: boolean; rule: string | undefined; outcome: string | undefined },
  count: number,
): void {
  const { agent } = span;
  if (agent !== undefined && span.model !== undefined) {
    let m = activity.models.get(agent);
    if (!m) activity.models.set(agent, (m = { command: 0, network: 0 }));
    m[span.model] += count;
  }
  if (span.denied) {
    increment(activity.denialsByRule, span.rule ?? UNATTRIBUTED, count);
    increment(activity.agentDenials, agent ?? UNATTRIBUTED, count);
  }
  if (span.outcome !== undefined) {
    increment(activity.outcomes, span.outcome, count);
    const key = agent ?? UNATTRIBUTED;
    let o = activity.agentOutcomes.get(key);
    if (!o) activity.agentOutcomes.set(key, (o = new Map()));
    increment(o, span.outcome, count);
  }
}

/** The {@link WeekActivity} of the spans that started in the week (`inWeek`). */
export function weekActivityOf(inWeek: readonly BusinessSpan[]): WeekActivity {
  const activity = spanActivityOf(inWeek);
  for (const { steps } of collectCustomerSteps(inWeek)) for (const step of steps) increment(activity.actions, step.agent);
  return activity;
}

/** {@link weekActivityOf} but customers' steps: their actions are left out of `actions`. */
export function spanActivityOf(inWeek: readonly BusinessSpan[]): WeekActivity {
  const activity = emptyWeekActivity();
  for (const s of inWeek) {
    const agent = actingAgent(s);
    addActivity(activity, { agent, model: s.model, denied: s.decision === 'deny', rule: s.rule, outcome: s.outcome }, 1);
    // Customer actions are counted as steps (an act and its message are one action); others span by span.
    if (agent !== undefined && s.customerId === undefined && isActionSpan(s)) increment(activity.actions, agent);
    if (agent !== undefined && s.intent !== undefined && s.decision !== 'deny') increment(activity.messages, agent);
  }
  return activity;
}

/** Violations of one rule whose spans name the same agents, counted: what the report shows of violations. */
export interface ConflictTally {
  rule: string;
  /** The distinct agents of the violations' spans, sorted. */
  agents: string[];
  count: number;
}

/** What the report counts of a violation: its customer, rule, and the distinct agents of its spans, sorted. */
export interface ViolationKey {
  customerId: string;
  rule: string;
  agents: string[];
}

/** The {@link ViolationKey} of a violation. */
export function violationKey(v: Violation): ViolationKey {
  return { customerId: v.customerId, rule: v.rule, agents: [...new Set(v.spans.map((s) => s.agent))].sort() };
}

/** Violations as {@link ConflictTally} items, one per rule and set of agents. */
export function tallyViolations(violations: readonly Violation[]): ConflictTally[] {
  return tallyViolationKeys(violations.map(violationKey));
}

/** {@link tallyViolations} of the violations' keys. */
export function tallyViolationKeys(violations: readonly ViolationKey[]): ConflictTally[] {
  const byKey = new Map<string, ConflictTally>();
  for (const { rule, agents } of violations) {
    const key = [rule, ...agents].join('\u0000');
    const tally = byKey.get(key);
    if (tally) tally.count++;
    else byKey.set(key, { rule, agents, count: 1 });
  }
  return [...byKey.values()];
}

/** Everything the report shows of one week. */
export interface WeekFigures {
  /** Violations anchored in the week, tallied. */
  conflicts: ConflictTally[];
  loops: FeedbackLoop[];
  /** Changes that went live in the week. */
  changes: CompletedChange[];
  activity: WeekActivity;
}

/** The {@link WeekFigures} of a week from its spans (look-back and earlier change stages included). */
export function weekFiguresOf(spans: readonly BusinessSpan[], handbook: Handbook, range: { fromMs: number; toMs: number }, options: WeeklyReportOptions = {}): WeekFigures {
  const inWeek = spans.filter((s) => s.startMs >= range.fromMs && s.startMs < range.toMs);
  return {
    conflicts: tallyViolations(evaluateHandbook(handbook, spans, { fromMs: range.fromMs, toMs: range.toMs })),
    loops: findFeedbackLoops(inWeek, options.loops).loops,
    changes: changesLiveIn(computeChangeLatency(spans).changes, range),
    activity: weekActivityOf(inWeek),
  };
}

/** The changes that went live in the range. */
export function changesLiveIn(changes: readonly CompletedChange[], range: { fromMs: number; toMs: number }): CompletedChange[] {
  return changes.filter((c) => {
    const live = Date.parse(c.liveAt);
    return live >= range.fromMs && live < range.toMs;
  });
}

function leadTimeDelta(current: CompletedChange[], previous: CompletedChange[], model: 'command' | 'network'): LeadTimeDelta {
  const cur = computeStats(current.filter((c) => c.model === model));
  const prev = computeStats(previous.filter((c) => c.model === model));
  return { count: delta(cur.count, prev.count), p50Ms: nullableDelta(cur.p50Ms, prev.p50Ms), p90Ms: nullableDelta(cur.p90Ms, prev.p90Ms) };
}

function computeStats(changes: CompletedChange[]): { count: number; p50Ms: number | null; p90Ms: number | null } {
  // Re-derive from the week's changes only (the span set may hold changes that went live in other weeks).
  const sorted = changes.map((c) => c.leadTimeMs).sort((x, y) => x - y);
  return { count: sorted.length, p50Ms: nearestRankQuantileSorted(sorted, 0.5), p90Ms: nearestRankQuantileSorted(sorted, 0.9) };
}

function countBy<T>(items: readonly T[], key: (item: T) => string, weight: (item: T) => number = () => 1): Map<string, number> {
  const m = new Map<string, number>();
  for (const item of items) increment(m, key(item), weight(item));
  return m;
}

/**
 * The weekly council report for ISO `week` (`2026-W48`): conflicts by rule and by agent pair, loops, protocol
 * denials by rule, changes that went live and their lead times, per-agent activity and outcomes — each with the
 * previous week's figure and the difference.
 *
 * `current` and `previous` are the spans of each week; they may include a look-back before the week (for handbook
 * windows) and the earlier stages of changes that went live in the week: figures only count what happened inside the
 * week (violations by their anchor, changes by their live time, everything else by span start).
 * @throws InvalidWeekError for a malformed week.
 */
export function buildWeeklyReport(
  current: readonly BusinessSpan[],
  previous: readonly BusinessSpan[],
  handbook: Handbook,
  week: string,
  options: WeeklyReportOptions = {},
): WeeklyReport {
  const range = isoWeekRange(week);
  return assembleWeeklyReport(weekFiguresOf(current, handbook, range, options), weekFiguresOf(previous, handbook, range.previous, options), handbook, week);
}

/**
 * The weekly report from each week's figures, however they were computed (from spans, or by the store).
 * @throws InvalidWeekError for a malformed week.
 */
export function assembleWeeklyReport(current: WeekFigures, previous: WeekFigures, handbook: Handbook, week: string): WeeklyReport {
  const range = isoWeekRange(week);
  const flatten = (f: WeekFigures) => {
    const agentConflicts = new Map<string, number>();
    for (const t of f.conflicts) for (const agent of t.agents) increment(agentConflicts, agent, t.count);
    return { ...f.activity, conflicts: f.conflicts, loops: f.loops, changes: f.changes, agentConflicts };
  };
  const cur = flatten(current);
  const prev = flatten(previous);
  const kinds = new Map(handbook.rules.map((r) => [r.id, r.kind] as const));

  const pairKey = (t: ConflictTally): string => t.agents.join('\u0000');
  const tallied = (t: ConflictTally): number => t.count;
  const loopKey = (l: FeedbackLoop): string => `${l.evidence}\u0000${l.agents.join('\u0000')}`;
  const loopCustomers = new Map(cur.loops.map((l) => [loopKey(l), l.customerIds.length]));

  const agentNames = new Set([
    ...cur.actions.keys(), ...prev.actions.keys(), ...cur.messages.keys(), ...prev.messages.keys(),
    ...cur.agentConflicts.keys(), ...prev.agentConflicts.keys(), ...cur.agentDenials.keys(), ...prev.agentDenials.keys(),
    ...cur.agentOutcomes.keys(), ...prev.agentOutcomes.keys(),
  ]);
  const agents: AgentWeek[] = [...agentNames].map((agent) => {
    const m = cur.models.get(agent) ?? prev.models.get(agent);
    const co = cur.agentOutcomes.get(agent) ?? new Map<string, number>();
    const po = prev.agentOutcomes.get(agent) ?? new Map<string, number>();
    return {
      agent,
      model: m === undefined ? null : m.command > m.network ? 'command' : 'network',
      actions: delta(cur.actions.get(agent) ?? 0, prev.actions.get(agent) ?? 0),
      messages: delta(cur.messages.get(agent) ?? 0, prev.messages.get(agent) ?? 0),
      conflicts: delta(cur.agentConflicts.get(agent) ?? 0, prev.agentConflicts.get(agent) ?? 0),
      denials: delta(cur.agentDenials.get(agent) ?? 0, prev.agentDenials.get(agent) ?? 0),
      outcomes: Object.fromEntries(joinCounts(co, po).map(({ key, ...d }) => [key, d])),
    };
  });
  agents.sort((x, y) => y.actions.current - x.actions.current || (x.agent < y.agent ? -1 : 1));

  return {
    week: range.week,
    from: toIso(range.fromMs),
    to: toIso(range.toMs),
    previousWeek: range.previous.week,
    conflicts: {
      total: delta(sumOf(cur.conflicts, tallied), sumOf(prev.conflicts, tallied)),
      byRule: joinCounts(countBy(cur.conflicts, (t) => t.rule, tallied), countBy(prev.conflicts, (t) => t.rule, tallied)).map(({ key, ...d }) => ({
        rule: key,
        kind: kinds.get(key) ?? null,
        ...d,
      })),
      byAgentPair: joinCounts(countBy(cur.conflicts, pairKey, tallied), countBy(prev.conflicts, pairKey, tallied)).map(({ key, ...d }) => ({
        agents: key.split('\u0000'),
        ...d,
      })),
    },
    loops: {
      total: delta(cur.loops.length, prev.loops.length),
      runaway: delta(cur.loops.filter((l) => l.runaway).length, prev.loops.filter((l) => l.runaway).length),
      byCycle: joinCounts(countBy(cur.loops, loopKey, (l) => l.iterations), countBy(prev.loops, loopKey, (l) => l.iterations)).map(
        ({ key, ...d }) => {
          const [evidence, ...agentIds] = key.split('\u0000');
          return { agents: agentIds, evidence: evidence!, customers: loopCustomers.get(key) ?? 0, ...d };
        },
      ),
      items: cur.loops,
    },
    denials: {
      total: delta(sum(cur.denialsByRule), sum(prev.denialsByRule)),
      byRule: joinCounts(cur.denialsByRule, prev.denialsByRule).map(({ key, ...d }) => ({ rule: key, ...d })),
    },
    changes: {
      live: delta(cur.changes.length, prev.changes.length),
      command: leadTimeDelta(cur.changes, prev.changes, 'command'),
      network: leadTimeDelta(cur.changes, prev.changes, 'network'),
      items: cur.changes,
    },
    agents,
    outcomes: joinCounts(cur.outcomes, prev.outcomes).map(({ key, ...d }) => ({ outcome: key, ...d })),
  };
}

function sum(map: Map<string, number>): number {
  return sumOf(map.values(), (v) => v);
}

function sumOf<T>(items: Iterable<T>, value: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += value(item);
  return total;
}
