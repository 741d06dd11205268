import { parseDurationMs, type ContradictionRule, type Handbook } from '../../schemas/handbook.js';
import type { BusinessSpan } from './BusinessSpan.js';
import { lowerBound, upperBound } from './customerScope.js';
import { compileMatcher } from './matchSpan.js';
import { nearestRankQuantileSorted } from './quantile.js';
import { compareSpans, toIso, toSpanRef, type SpanRef } from './spanRef.js';

/** Latency statistics (nearest-rank quantiles; `null` without data). */
export interface LatencyStats {
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
  maxMs: number | null;
}

/** How long contradicting messages kept going out after one signal. */
export interface SignalReaction {
  signal: SpanRef & { event?: string; subject?: string; customerId?: string };
  /** Contradicting messages within the rule's window after the signal. */
  contradictions: number;
  /** Distinct customers who received them. */
  customers: number;
  lastContradictionAt: string;
  /** Last contradicting message minus the signal. */
  latencyMs: number;
  /** The same per model of the contradicting messages: how long each model took to stop. */
  latencyMsByModel: Partial<Record<'command' | 'network', number>>;
}

/** Reaction latency of one `b-then-a` contradiction rule. */
export interface RuleReactionLatency {
  rule: string;
  /** Signals (spans matching `b`) seen. */
  signals: number;
  latency: LatencyStats;
  byModel: Record<'command' | 'network', LatencyStats>;
  /** Signals followed by at least one contradicting message, in time order. */
  items: SignalReaction[];
}

function latencyStats(values: number[]): LatencyStats {
  const sorted = [...values].sort((x, y) => x - y);
  return {
    count: sorted.length,
    p50Ms: nearestRankQuantileSorted(sorted, 0.5),
    p90Ms: nearestRankQuantileSorted(sorted, 0.9),
    maxMs: sorted.length ? sorted[sorted.length - 1]! : null,
  };
}

function push(map: Map<string, BusinessSpan[]>, key: string, s: BusinessSpan): void {
  const list = map.get(key);
  if (list) list.push(s);
  else map.set(key, [s]);
}

function reactionFor(rule: ContradictionRule, sorted: readonly BusinessSpan[]): RuleReactionLatency | undefined {
  const withinMs = parseDurationMs(rule.within);
  const isSignal = compileMatcher(rule.b);
  const isMessage = compileMatcher(rule.a);
  const subjectKey = (s: BusinessSpan): string | undefined => (rule.sameSubject ? s.subject : '');
  // Messages indexed by subject (for global signals) and by customer + subject (for a customer's own signal).
  const anyCustomer = new Map<string, BusinessSpan[]>();
  const perCustomer = new Map<string, BusinessSpan[]>();
  const signals: BusinessSpan[] = [];
  for (const s of sorted) {
    if (isSignal(s)) signals.push(s);
    if (!isMessage(s)) continue;
    const subject = subjectKey(s);
    if (subject === undefined) continue;
    push(anyCustomer, subject, s);
    if (s.customerId !== undefined) push(perCustomer, `${s.customerId}\u0000${subject}`, s);
  }
  if (signals.length === 0) return undefined;
  const items: SignalReaction[] = [];
  for (const signal of signals) {
    const subject = subjectKey(signal);
    if (subject === undefined) continue;
    const pool = signal.customerId === undefined ? anyCustomer.get(subject) : perCustomer.get(`${signal.customerId}\u0000${subject}`);
    if (!pool) continue;
    const lo = lowerBound(pool, signal.startMs);
    const hi = upperBound(pool, signal.startMs + withinMs);
    const after = pool.slice(lo, hi).filter((m) => m !== signal);
    const last = after[after.length - 1];
    if (!last) continue;
    const byModel: Partial<Record<'command' | 'network', number>> = {};
    for (const m of after) if (m.model !== undefined) byModel[m.model] = m.startMs - signal.startMs;
    const ref: SignalReaction['signal'] = toSpanRef(signal);
    if (signal.event !== undefined) ref.event = signal.event;
    if (signal.subject !== undefined) ref.subject = signal.subject;
    if (signal.customerId !== undefined) ref.customerId = signal.customerId;
    items.push({
      signal: ref,
      contradictions: after.length,
      customers: new Set(after.map((m) => m.customerId)).size,
      lastContradictionAt: toIso(last.startMs),
      latencyMs: last.startMs - signal.startMs,
      latencyMsByModel: byModel,
    });
  }
  return ruleReactionLatency(rule.id, signals.length, items);
}

/** A rule's reaction latency from its signals' count and the reactions to them (in the signals' time order). */
export function ruleReactionLatency(rule: string, signals: number, items: SignalReaction[]): RuleReactionLatency {
  const modelStats = (model: 'command' | 'network'): LatencyStats =>
    latencyStats(items.flatMap((i) => (i.latencyMsByModel[model] === undefined ? [] : [i.latencyMsByModel[model]])));
  return {
    rule,
    signals,
    latency: latencyStats(items.map((i) => i.latencyMs)),
    byModel: { command: modelStats('command'), network: modelStats('network') },
    items,
  };
}

/** The `b-then-a` contradiction rules, whose signals reaction latency is measured from. */
export function reactionRules(handbook: Handbook): ContradictionRule[] {
  return handbook.rules.filter((r): r is ContradictionRule => r.kind === 'contradiction' && r.order === 'b-then-a');
}

/**
 * Reaction latency: for each `b-then-a` contradiction rule (b = an external signal such as `inventory.out_of_stock`,
 * a = a message it contradicts), the time from each signal to the last contradicting message after it within the
 * rule's window — how long the organisation kept saying the wrong thing. A global signal (no customer) is matched
 * against every customer's messages, a customer's signal against that customer's; `sameSubject` is honoured. Rules
 * without any signal in the data are left out ("where the data shows it").
 */
export function computeReactionLatency(spans: readonly BusinessSpan[], handbook: Handbook): RuleReactionLatency[] {
  const sorted = [...spans].sort(compareSpans);
  return reactionRules(handbook).flatMap((rule) => reactionFor(rule, sorted) ?? []);
}
