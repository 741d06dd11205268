/**
 * The query API's analyses: fetch the business-event spans an answer needs from the store (narrow columns, one time
 * range, look-back included), then run the pure analysis functions over them. For loops, conflicts and the weekly
 * report the store first narrows the customers in ClickHouse (README, "Analysis in ClickHouse").
 */
import type { Handbook, Matcher } from '../../schemas/handbook.js';
import { handbookMatchers, parseDurationMs } from '../../schemas/handbook.js';
import { auditCustomerParts, auditJourneys, auditVerdicts, type AuditCustomerPart, type JourneyAudit } from '../analysis/auditJourneys.js';
import type { BusinessSpan } from '../analysis/BusinessSpan.js';
import { buildCausalDag, type ChainNode } from '../analysis/buildCausalDag.js';
import { buildDirectlyFollowsGraph, directlyFollowsSteps, type DirectlyFollowsResult } from '../analysis/buildDirectlyFollowsGraph.js';
import { assembleWeeklyReport, changesLiveIn, emptyWeekActivity, violationKey, type WeekFigures, type WeeklyReport } from '../analysis/buildWeeklyReport.js';
import { addUpBuckets, bucketOf, type BucketedWeekFigures, type BucketFigures } from '../analysis/bucketFigures.js';
import { CUSTOMER_BUCKETS } from '../analysis/customerBucket.js';
import { collectCustomerSteps } from '../analysis/actionSteps.js';
import { increment } from '../analysis/weekOverWeek.js';
import { computeChangeLatency, type ChangeLatency } from '../analysis/computeChangeLatency.js';
import { computeReactionLatency, reactionRules, type RuleReactionLatency } from '../analysis/computeReactionLatency.js';
import { globalPartnerWindows, needsEveryCustomer, ruleReadGroups } from '../analysis/conflictCandidates.js';
import { evaluateHandbook } from '../analysis/evaluateHandbook.js';
import { findFeedbackLoops, loopCandidateOptions, type FeedbackLoop, type FeedbackLoopOptions } from '../analysis/findFeedbackLoops.js';
import { isoWeekRange } from '../analysis/isoWeek.js';
import type { Violation } from '../analysis/Violation.js';
import type { BusinessSpanQuery, ConflictCandidates, SpanLookbacks, SpanStore, WeekFiguresKey } from '../store/SpanStore.js';
import type { RunningWeekFigures } from './RunningWeekFigures.js';
import type { CachedWeekFigures, WeekFiguresCache } from './WeekFiguresCache.js';
import { decodeWeekFigures, encodeWeekFigures, weekFiguresContextKey } from './weekFiguresRecord.js';

/** What every analysis query needs. */
export interface AnalysisContext {
  store: SpanStore;
  handbook: Handbook;
  loops?: FeedbackLoopOptions;
  /**
   * Weeks' figures already computed with this context's handbook and loop options. With it, the weekly report also
   * reads the figures the store keeps and keeps those of weeks that are over; without it, figures are always computed.
   */
  weekCache?: WeekFiguresCache;
  /** The running week's figures, kept per customer bucket (without it, computed whole at every report). */
  runningWeek?: RunningWeekFigures;
  /** The current time in epoch ms (default `Date.now`): a week ending by then is over. */
  now?: () => number;
  /**
   * The conflict candidates (summed over their rules) from which a conflict search reads its rules' spans in two
   * groups (default 5,000): the second read costs a query (about 25 ms for 2,300 at 1M spans, where it was a loss)
   * and saves the evaluation of one group while chDB reads the other's (60-100 ms for 11,900 at 10M spans).
   */
  splitRuleReadsFrom?: number;
}

/** A half-open time range in epoch ms. */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

// A `sequence` rule needs the customer's earlier `first` span; this far back is searched for it.
const SEQUENCE_LOOKBACK_MS = 30 * 86_400_000;

/**
 * Each matcher that can pair with a span in a range from before it, and how far back: the earlier side of a
 * contradiction (both sides without an order), frequency windows, and a sequence's `first`.
 */
export function matcherLookbacks(handbook: Handbook): Array<{ matcher: Matcher; lookbackMs: number }> {
  return handbook.rules.flatMap((r) => {
    if (r.kind === 'sequence') return [{ matcher: r.first, lookbackMs: SEQUENCE_LOOKBACK_MS }];
    const lookbackMs = parseDurationMs(r.within);
    if (r.kind === 'frequency') return [{ matcher: r.match, lookbackMs }];
    const earlier = r.order === 'a-then-b' ? [r.a] : r.order === 'b-then-a' ? [r.b] : [r.a, r.b];
    return earlier.map((matcher) => ({ matcher, lookbackMs }));
  });
}

/** How far before a range the handbook's windows reach: the longest of {@link matcherLookbacks}. */
export function longestLookbackMs(handbook: Handbook): number {
  return Math.max(0, ...matcherLookbacks(handbook).map((l) => l.lookbackMs));
}

function usesAttributeMatchers(handbook: Handbook): boolean {
  return JSON.stringify(handbook.rules).includes('"attributes"');
}

/** What a read for the handbook's rules needs: their matchers in the range, and before it per look-back length. */
function handbookReach(handbook: Handbook): { matching: Matcher[]; lookbacks: SpanLookbacks } {
  const byLookback = new Map<number, Matcher[]>();
  for (const { matcher, lookbackMs } of matcherLookbacks(handbook)) byLookback.set(lookbackMs, [...(byLookback.get(lookbackMs) ?? []), matcher]);
  return { matching: handbookMatchers(handbook), lookbacks: [...byLookback].map(([lookbackMs, matching]) => ({ lookbackMs, matching })) };
}

/**
 * Spans of the range, plus the spans before it that the handbook's windows can pair with them (per look-back length,
 * its matchers), in one query. `onlyMatching` keeps just the range's spans some rule matches, with just the fields
 * rules read (enough for violations and reaction latency); analyses that also count activity need them all.
 */
function spansForHandbook(
  ctx: AnalysisContext,
  range: TimeRange,
  opts: { customerIds?: readonly string[]; onlyMatching: boolean },
): Promise<BusinessSpan[]> {
  return ctx.store.getBusinessSpans(handbookSpanQuery(ctx.handbook, range, opts));
}

/** The read of {@link spansForHandbook}. */
function handbookSpanQuery(handbook: Handbook, range: TimeRange, opts: { customerIds?: readonly string[]; onlyMatching: boolean }): BusinessSpanQuery {
  const reach = handbookReach(handbook);
  return {
    ...range,
    customerIds: opts.customerIds,
    withAttributes: usesAttributeMatchers(handbook),
    matching: opts.onlyMatching ? reach.matching : undefined,
    lookbacks: reach.lookbacks,
    fields: opts.onlyMatching ? 'handbook' : 'all',
  };
}

/**
 * The customers a conflict search of the range must look at, with the rules each can break, or `undefined` for every
 * customer and rule: the store narrows to those who can have a violation, after the global spans (which count for
 * every customer) were checked in JavaScript.
 */
async function conflictCandidates(ctx: AnalysisContext, range: TimeRange): Promise<ConflictCandidates | undefined> {
  const lookbackMs = longestLookbackMs(ctx.handbook);
  const globals = await ctx.store.getBusinessSpans({
    fromMs: range.fromMs - lookbackMs,
    toMs: range.toMs,
    customerIds: [],
    withAttributes: usesAttributeMatchers(ctx.handbook),
    matching: handbookMatchers(ctx.handbook),
    fields: 'handbook',
  });
  if (needsEveryCustomer(ctx.handbook, globals, range)) return undefined;
  return ctx.store.getConflictCandidateCustomers(ctx.handbook, range, globalPartnerWindows(ctx.handbook, globals, range));
}

/**
 * The violations of conflict candidates, each rule's spans read for the customers who can break it only (at 10M
 * spans: 33,400 spans instead of the 67,700 of every rule for every candidate). The answer is the same: for a rule a
 * customer is not a candidate for, the spans read for its other rules show no violation, as all its spans show none
 * (a contradiction or a frequency breach only needs more spans; a sequence's `then` in the range makes its customer
 * a candidate). With many candidates the rules are read in two groups sent at once ({@link ruleReadGroups}): chDB
 * runs one query at a time, so the second group's spans are read while the first group's are evaluated (rules are
 * evaluated apart in any case, and global spans alone make no violation here, so the answer is the same).
 */
async function candidatesConflicts(ctx: AnalysisContext, range: TimeRange, candidates: ConflictCandidates): Promise<Violation[]> {
  const { rules } = ctx.handbook;
  const customersByRule = rules.map((): string[] => []);
  for (const [customerId, flagged] of candidates) for (const r of flagged) customersByRule[r]!.push(customerId);
  const withAttributes = usesAttributeMatchers(ctx.handbook);
  const groupViolations = async (group: readonly number[]): Promise<Violation[]> => {
    const scopes = group.flatMap((r) =>
      customersByRule[r]!.length === 0 ? [] : [{ customerIds: customersByRule[r]!, ...handbookReach({ ...ctx.handbook, rules: [rules[r]!] }) }],
    );
    if (scopes.length === 0) return [];
    const spans = await ctx.store.getBusinessSpans({ ...range, scopes, withAttributes, fields: 'handbook' });
    return evaluateHandbook({ ...ctx.handbook, rules: group.map((r) => rules[r]!) }, spans, range);
  };
  const weights = customersByRule.map((customers) => customers.length);
  const split = weights.reduce((sum, w) => sum + w, 0) >= (ctx.splitRuleReadsFrom ?? 5000);
  const groups = split ? ruleReadGroups(ctx.handbook, weights) : [rules.map((_, r) => r)];
  const found = (await Promise.all(groups.map(groupViolations))).flat();
  if (groups.length === 1) return found;
  // In handbook order, as one evaluation orders them (a stable sort keeps each rule's order).
  const ruleIndex = new Map(rules.map((rule, r) => [rule.id, r]));
  return found.sort((x, y) => ruleIndex.get(x.rule)! - ruleIndex.get(y.rule)!);
}

/** Violations anchored in the range of some customers (spans without a customer counted for each). */
async function customersConflicts(ctx: AnalysisContext, range: TimeRange, customerIds: readonly string[]): Promise<Violation[]> {
  if (ctx.handbook.rules.length === 0 || customerIds.length === 0) return [];
  const spans = await spansForHandbook(ctx, range, { customerIds, onlyMatching: true });
  const wanted = new Set(customerIds);
  return evaluateHandbook(ctx.handbook, spans, range).filter((v) => wanted.has(v.customerId));
}

/** Handbook violations anchored in the range (CONTRACT §2), optionally for one customer. */
export async function queryConflicts(ctx: AnalysisContext, range: TimeRange, customerId?: string): Promise<Violation[]> {
  if (customerId !== undefined) return customersConflicts(ctx, range, [customerId]);
  if (ctx.handbook.rules.length === 0) return [];
  const candidates = await conflictCandidates(ctx, range);
  if (candidates !== undefined) return candidatesConflicts(ctx, range, candidates);
  return evaluateHandbook(ctx.handbook, await spansForHandbook(ctx, range, { onlyMatching: true }), range);
}

/** Feedback loops in the range (CONTRACT §1). */
export async function queryLoops(ctx: AnalysisContext, range: TimeRange): Promise<FeedbackLoop[]> {
  const spans = await ctx.store.getLoopScanSpans(range.fromMs, range.toMs, loopCandidateOptions(ctx.loops));
  return findFeedbackLoops(spans, ctx.loops).loops;
}

/** Change lead times of changes with a stage in the range, and reaction latency of contradicting messages. */
export async function queryChangeLatency(ctx: AnalysisContext, range: TimeRange): Promise<ChangeLatency & { reaction: RuleReactionLatency[] }> {
  const { store, handbook } = ctx;
  // Where the store joins signals and messages itself, only the reactions are read, not every message.
  const reaction = store.getSignalReactions
    ? store.getSignalReactions(handbookSpanQuery(handbook, range, { onlyMatching: true }), reactionRules(handbook))
    : spansForHandbook(ctx, range, { onlyMatching: true }).then((spans) => computeReactionLatency(spans, handbook));
  const [changes, reactions] = await Promise.all([store.getChangeSpans(range.fromMs, range.toMs), reaction]);
  return { ...computeChangeLatency(changes), reaction: reactions };
}

/** The directly-follows graph of agents in the range, network-wide or for one customer, optionally one model. */
export async function queryPaths(
  ctx: AnalysisContext,
  range: TimeRange,
  filter: { customerId?: string; model?: 'command' | 'network' },
): Promise<DirectlyFollowsResult> {
  const { store } = ctx;
  // Only what steps are made of, as the loop scan reads them: actions (and spans holding links), with their fields.
  const stepSpans = async (customers: { customerId?: string; customerIds?: readonly string[] }) => {
    const spans = await store.getBusinessSpans({ ...range, ...customers, loopCandidates: true, fields: 'loops' });
    return filter.model ? spans.filter((s) => s.model === filter.model) : spans;
  };
  if (filter.customerId !== undefined || !store.getDirectlyFollows) return buildDirectlyFollowsGraph(await stepSpans({ customerId: filter.customerId }));
  // Every customer: counted by the store, but for the customers whose steps only their spans tell.
  const model = filter.model;
  const counted = await store.getDirectlyFollows(range.fromMs, range.toMs, { model });
  if (counted.unresolved.length === 0) return counted.graph;
  const extraSteps = directlyFollowsSteps(await stepSpans({ customerIds: counted.unresolved }));
  return (await store.getDirectlyFollows(range.fromMs, range.toMs, { model, extraSteps })).graph;
}

/**
 * The journey audit (predictability × impact) over the range. Where the store tallies the paths, it also judges the
 * conflicts, from the violations' spans (the narrowed conflict search's); only the customers with a complaint or a
 * drop-off (whose harm is blamed on a family by time), and those whose steps the store is unsure of, are read.
 */
export async function queryAudit(ctx: AnalysisContext, range: TimeRange): Promise<JourneyAudit[]> {
  const { store } = ctx;
  if (!store.getFamilyTallies || !store.getHarmedCustomers) {
    const spans = await spansForHandbook(ctx, range, { onlyMatching: false });
    const inRange = spans.filter((s) => s.startMs >= range.fromMs);
    return auditJourneys(inRange, evaluateHandbook(ctx.handbook, spans, range));
  }
  const [violations, harmed] = await Promise.all([queryConflicts(ctx, range), store.getHarmedCustomers(range.fromMs, range.toMs)]);
  const violationSpans = [...new Map(violations.flatMap((v) => v.spans).map((s) => [`${s.traceId}/${s.spanId}`, s])).values()];
  // The customers tallied from their spans (a customer's parts depend on its spans alone), each read once.
  const except: string[] = [];
  const extraParts: AuditCustomerPart[] = [];
  let toRead = harmed;
  // At most twice: the second time for the customers the store was unsure of.
  for (;;) {
    if (toRead.length > 0) extraParts.push(...auditCustomerParts(await store.getBusinessSpans({ ...range, customerIds: toRead, fields: 'audit' }), violations));
    except.push(...toRead);
    const counted = await store.getFamilyTallies(range.fromMs, range.toMs, { except, extraParts, violationSpans });
    if (counted.unresolved.length === 0) return auditVerdicts(counted.tallies);
    toRead = counted.unresolved;
  }
}

/** A customer's timeline: their spans (and global events about the subjects they were messaged about), and conflicts. */
export async function queryTimeline(
  ctx: AnalysisContext,
  customerId: string,
  range: TimeRange,
): Promise<{ customerId: string; spans: ChainNode[]; conflicts: Violation[] }> {
  // One read: the range's spans and the look-backs the handbook's windows need, for both the timeline and conflicts.
  const withLookback = await spansForHandbook(ctx, range, { customerIds: [customerId], onlyMatching: false });
  const conflicts = evaluateHandbook(ctx.handbook, withLookback, range).filter((v) => v.customerId === customerId);
  const spans = withLookback.filter((s) => s.startMs >= range.fromMs);
  const subjects = new Set(spans.filter((s) => s.customerId === customerId && s.subject).map((s) => s.subject));
  const relevant = spans.filter((s) => s.customerId === customerId || (s.subject !== undefined && subjects.has(s.subject)));
  return { customerId, spans: buildCausalDag(relevant, { maxNodes: 20_000 }).nodes, conflicts };
}

/**
 * A week's figures but changes, customers' parts per bucket (`CUSTOMER_BUCKETS`): of every customer, or of the
 * customers listed (the activity of spans is counted over the whole range either way). The conflict search runs
 * beside the activity and loops, which it does not depend on; the loop spans are read for the loop candidates the
 * activity query finds.
 */
export async function bucketedWeekFigures(ctx: AnalysisContext, range: TimeRange, customerIds?: readonly string[]): Promise<BucketedWeekFigures> {
  const loopOptions = loopCandidateOptions(ctx.loops);
  const activityAndLoops = async () => {
    const parts = await ctx.store.getWeekActivity(range.fromMs, range.toMs, loopOptions, { buckets: CUSTOMER_BUCKETS, customerIds });
    const loopSpans = await ctx.store.getLoopScanSpans(range.fromMs, range.toMs, loopOptions, parts.loopCandidates ?? customerIds);
    return { ...parts, loops: findFeedbackLoops(loopSpans, ctx.loops).perCustomer };
  };
  const [violations, { activity, steps, unresolved, loops }] = await Promise.all([
    customerIds === undefined ? queryConflicts(ctx, range) : customersConflicts(ctx, range, customerIds),
    activityAndLoops(),
  ]);
  const buckets = new Map<number, BucketFigures>();
  for (const [b, counts] of steps) buckets.set(b, { steps: counts, violations: [], loops: [] });
  if (unresolved.length > 0) {
    const spans = await ctx.store.getBusinessSpans({ ...range, customerIds: unresolved, loopCandidates: true });
    for (const { customerId, steps: customerSteps } of collectCustomerSteps(spans)) {
      const counts = bucketOf(buckets, customerId).steps;
      for (const step of customerSteps) increment(counts, step.agent);
    }
  }
  for (const v of violations) bucketOf(buckets, v.customerId).violations.push(violationKey(v));
  // A store may return more customers' loop spans than asked for.
  const wanted = customerIds === undefined ? undefined : new Set(customerIds);
  for (const loop of loops) if (wanted?.has(loop.customerId) ?? true) bucketOf(buckets, loop.customerId).loops.push(loop);
  return { activity, buckets };
}

/** What the weekly report shows of one week but its changes. */
async function computeWeekFigures(ctx: AnalysisContext, range: TimeRange): Promise<CachedWeekFigures> {
  return addUpBuckets(await bucketedWeekFigures(ctx, range), ctx.loops);
}

/** Where a week's figures came from: the process's cache, the figures the store keeps, computed, or no spans. */
export type WeekFiguresSource = 'memory' | 'stored' | 'computed' | 'empty';

/**
 * {@link computeWeekFigures} reused while the spans they read (the week and the handbook's look-back before it) are
 * unchanged: from `memory`, else from the figures the store keeps for those spans, else computed, and then kept in
 * the store when the week is over (a week still running changes with every span). Without a query when there are no
 * spans.
 */
async function reusedWeekFigures(
  ctx: AnalysisContext,
  range: TimeRange,
  memory: WeekFiguresCache | undefined,
): Promise<{ figures: CachedWeekFigures; source: WeekFiguresSource }> {
  const lookbackMs = longestLookbackMs(ctx.handbook);
  const { spans, fingerprint } = await ctx.store.getSpanFingerprint(range.fromMs - lookbackMs, range.toMs);
  if (spans === 0) return { figures: { conflicts: [], loops: [], activity: emptyWeekActivity() }, source: 'empty' };
  const memoryKey = String(range.fromMs);
  const remembered = memory?.get(memoryKey, fingerprint);
  if (remembered !== undefined) return { figures: remembered, source: 'memory' };
  const key: WeekFiguresKey = { context: weekFiguresContextKey(ctx.handbook, ctx.loops), weekStartMs: range.fromMs, fingerprint };
  const kept = await ctx.store.getWeekFigures(key);
  let result: { figures: CachedWeekFigures; source: WeekFiguresSource } | undefined;
  if (kept !== undefined) {
    try {
      result = { figures: decodeWeekFigures(kept), source: 'stored' };
    } catch {
      // A damaged row: computed again, and kept anew below.
    }
  }
  if (result === undefined) {
    const started = performance.now();
    result = { figures: await computeWeekFigures(ctx, range), source: 'computed' };
    if (range.toMs <= (ctx.now ?? Date.now)()) await ctx.store.putWeekFigures(key, encodeWeekFigures(result.figures), performance.now() - started);
  }
  memory?.set(memoryKey, fingerprint, result.figures);
  return result;
}

/**
 * Makes sure the store keeps the figures of an ISO week that is over for its current spans (computing them unless
 * kept already), as the weekly report of that week and of the week after read them; leaves the context's cache
 * alone. Returns where the figures were found.
 */
export async function keepWeekFigures(ctx: AnalysisContext, week: string): Promise<WeekFiguresSource> {
  return (await reusedWeekFigures(ctx, isoWeekRange(week), undefined)).source;
}

/** The weekly council report for an ISO week (`2026-W48`), with the previous week for deltas. */
export async function queryWeeklyReport(ctx: AnalysisContext, week: string): Promise<WeeklyReport> {
  const range = isoWeekRange(week);
  // Changes that went live in a week count there even when requested weeks before.
  const changes = computeChangeLatency(await ctx.store.getChangeSpans(range.previous.fromMs, range.toMs)).changes;
  const weekFigures = async (r: TimeRange): Promise<WeekFigures> => {
    const figures =
      ctx.runningWeek !== undefined && r.toMs > (ctx.now ?? Date.now)()
        ? (await ctx.runningWeek.figures(ctx, r)).figures
        : ctx.weekCache === undefined
          ? await computeWeekFigures(ctx, r)
          : (await reusedWeekFigures(ctx, r, ctx.weekCache)).figures;
    return { ...figures, changes: changesLiveIn(changes, r) };
  };
  // Both weeks at once: one's JavaScript work overlaps the other's queries.
  const [current, previous] = await Promise.all([weekFigures(range), weekFigures(range.previous)]);
  return assembleWeeklyReport(current, previous, ctx.handbook, range.week);
}
