/**
 * The figures of the week still running, kept per customer bucket (`bucketFigures.ts`) and brought up to date when
 * asked: spans keep arriving in that week, so its figures cannot be reused whole like those of a week that is over,
 * but most customers' spans are unchanged between two reports. Each update reads a fingerprint per bucket, then
 * computes again only the buckets whose spans changed (with the buckets of customers whose traces hold a changed
 * link-holding span), for their customers alone. Spans without a customer count for every customer: when they
 * changed, the buckets of the customers they can pair with (or whose traces they link in) are computed again, and
 * everything when that can be any customer (see {@link globalsReach}). Everything is also computed again when the
 * look-back before the week changed, when many buckets changed, or for another week or context. The collector's
 * background pass keeps it up to date, so a report rarely waits for more than the buckets changed since, and keeps
 * it in the store ({@link RunningWeekFigures.keep}): a collector that starts again reads it from there and computes
 * again only the buckets changed since, instead of the whole week.
 */
import { ruleMatchers } from '../../schemas/handbook.js';
import { addUpBuckets, customersWithFigures, replaceBuckets, type BucketedWeekFigures } from '../analysis/bucketFigures.js';
import type { BusinessSpan } from '../analysis/BusinessSpan.js';
import { globalPartnerWindows, needsEveryCustomer } from '../analysis/conflictCandidates.js';
import { compileMatcher } from '../analysis/matchSpan.js';
import { emptyWeekActivity } from '../analysis/buildWeeklyReport.js';
import { CUSTOMER_BUCKETS, customerBucket } from '../analysis/customerBucket.js';
import type { SpanStore } from '../store/SpanStore.js';
import { bucketedWeekFigures, longestLookbackMs, type AnalysisContext, type TimeRange } from './analyses.js';
import { decodeRunningWeek, encodeRunningWeek, type RunningWeekRecord } from './runningWeekRecord.js';
import type { CachedWeekFigures } from './WeekFiguresCache.js';
import { weekFiguresContextKey } from './weekFiguresRecord.js';

/** How the figures were brought up to date: unchanged, some buckets computed again, all computed, or no spans. */
export type RunningWeekSource = 'memory' | 'updated' | 'computed' | 'empty';

/** The outcome of {@link RunningWeekFigures.figures}. */
export interface RunningWeekResult {
  figures: CachedWeekFigures;
  source: RunningWeekSource;
  /** Buckets computed again (all of them when `computed`). */
  buckets: number;
  /** The figures this update started from were read from the store (kept by another run of the collector). */
  restored: boolean;
}

interface State extends RunningWeekRecord {
  context: string;
  weekStartMs: number;
  figures: CachedWeekFigures;
}

/** Options of {@link RunningWeekFigures}. */
export interface RunningWeekFiguresOptions {
  /** Above this many changed buckets, everything is computed again (default: an eighth of them). */
  maxChangedBuckets?: number;
  /** {@link RunningWeekFigures.keep} keeps updated figures in the store at most this often (default 5 minutes). */
  keepEveryMs?: number;
}

/** See the module comment. One week at a time; calls run one after the other. */
export class RunningWeekFigures {
  #state: State | undefined;
  #last: Promise<unknown> = Promise.resolve();
  readonly #maxChanged: number;
  readonly #keepEveryMs: number;
  /** The state last kept in (or read from) the store, when, and whether the week was computed whole since. */
  #kept: { state: State | undefined; atMs: number; computedSince: boolean } = { state: undefined, atMs: 0, computedSince: false };

  constructor(options: RunningWeekFiguresOptions = {}) {
    this.#maxChanged = options.maxChangedBuckets ?? CUSTOMER_BUCKETS / 8;
    this.#keepEveryMs = options.keepEveryMs ?? 5 * 60_000;
  }

  /** The figures of the week `range` (with `ctx`'s handbook and loop options) for the spans stored now. */
  figures(ctx: AnalysisContext, range: TimeRange): Promise<RunningWeekResult> {
    return this.#serialized(() => this.#update(ctx, range));
  }

  /**
   * Keeps the figures in `store` for a collector that starts again, when they changed since last kept and `when` is
   * `due`: the week was computed whole since (costly to do again), or it was kept longer ago than `keepEveryMs`; or
   * when they changed at all (`changed`, on shutdown). Resolves to whether they were written.
   */
  keep(store: SpanStore, when: 'due' | 'changed' = 'due'): Promise<boolean> {
    return this.#serialized(async () => {
      const state = this.#state;
      const nowMs = Date.now();
      if (state === undefined || state === this.#kept.state) return false;
      if (when === 'due' && !this.#kept.computedSince && nowMs - this.#kept.atMs < this.#keepEveryMs) return false;
      await store.putRunningWeekState(state.context, state.weekStartMs, encodeRunningWeek(state));
      this.#kept = { state, atMs: nowMs, computedSince: false };
      return true;
    });
  }

  #serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#last.then(work);
    this.#last = next.catch(() => undefined);
    return next;
  }

  async #update(ctx: AnalysisContext, range: TimeRange): Promise<RunningWeekResult> {
    const context = weekFiguresContextKey(ctx.handbook, ctx.loops);
    const lookbackMs = longestLookbackMs(ctx.handbook);
    const inMemory = this.#state?.context === context && this.#state.weekStartMs === range.fromMs ? this.#state : undefined;
    const [before, fingerprints, kept] = await Promise.all([
      ctx.store.getSpanFingerprint(range.fromMs - lookbackMs, range.fromMs),
      ctx.store.getBucketFingerprints(range.fromMs, range.toMs, CUSTOMER_BUCKETS),
      inMemory ?? this.#restore(ctx, context, range.fromMs),
    ]);
    if (before.spans === 0 && fingerprints.global === '' && fingerprints.buckets.every((p) => p === '')) {
      this.#state = undefined;
      return { figures: { conflicts: [], loops: [], activity: emptyWeekActivity() }, source: 'empty', buckets: 0, restored: false };
    }
    const state = kept?.before === before.fingerprint ? kept : undefined;
    const restored = inMemory === undefined && state !== undefined;
    const next = { context, weekStartMs: range.fromMs, before: before.fingerprint, global: fingerprints.global, prints: fingerprints.buckets };
    const changedBuckets = (was: State): number[] => fingerprints.buckets.flatMap((p, b) => (p === was.prints[b] ? [] : [b]));
    if (state !== undefined && state.global === fingerprints.global) {
      const changed = changedBuckets(state);
      if (changed.length === 0) {
        this.#state = state;
        return { figures: state.figures, source: 'memory', buckets: 0, restored };
      }
      return { ...(await this.#recompute(ctx, range, { ...next, globals: state.globals }, state, changed)), restored };
    }
    // The spans without a customer, read after the fingerprints: every one they count is among these (a span stored
    // in between is taken into account now, and the fingerprint's change it makes next time finds nothing to add).
    const globals = await ctx.store.getBusinessSpans({ ...range, customerIds: [] });
    const reached = state === undefined ? undefined : await globalsReach(ctx, range, state.globals, globals);
    const changed = state === undefined || reached === undefined ? undefined : [...new Set([...changedBuckets(state), ...reached])];
    return { ...(await this.#recompute(ctx, range, { ...next, globals }, state, changed)), restored };
  }

  /** The state kept in the store for this context and week, if any of this format; it counts as kept now. */
  async #restore(ctx: AnalysisContext, context: string, weekStartMs: number): Promise<State | undefined> {
    const json = await ctx.store.getRunningWeekState(context, weekStartMs);
    const record = json === undefined ? undefined : decodeRunningWeek(json);
    if (record === undefined) return undefined;
    const state = { ...record, context, weekStartMs, figures: addUpBuckets(record.bucketed, ctx.loops) };
    this.#kept = { state, atMs: Date.now(), computedSince: false };
    return state;
  }

  /** Computes again the `changed` buckets of `state`, or everything (`changed` or `state` undefined, or many changed). */
  async #recompute(
    ctx: AnalysisContext,
    range: TimeRange,
    next: Omit<State, 'bucketed' | 'figures'>,
    state: State | undefined,
    changed: number[] | undefined,
  ): Promise<Omit<RunningWeekResult, 'restored'>> {
    const settle = (bucketed: BucketedWeekFigures): CachedWeekFigures => {
      const figures = addUpBuckets(bucketed, ctx.loops);
      this.#state = { ...next, bucketed, figures };
      return figures;
    };
    if (state !== undefined && changed !== undefined && changed.length <= this.#maxChanged) {
      const customers = changed.length === 0 ? [] : await ctx.store.getBucketCustomers(range.fromMs, range.toMs, CUSTOMER_BUCKETS, changed);
      const affected = new Set([...changed, ...customers.map((c) => customerBucket(c, CUSTOMER_BUCKETS))]);
      // Customers with figures there but no span left in the week are computed again too (their figures drop).
      const recount = [...new Set([...customers, ...customersWithFigures(state.bucketed.buckets, affected)])];
      const figures = settle(replaceBuckets(state.bucketed, await bucketedWeekFigures(ctx, range, recount), affected));
      return { figures, source: 'updated', buckets: affected.size };
    }
    const figures = settle(await bucketedWeekFigures(ctx, range));
    this.#kept.computedSince = true;
    return { figures, source: 'computed', buckets: CUSTOMER_BUCKETS };
  }
}

/**
 * The buckets of the customers whose figures the week's spans without a customer that were stored or dropped
 * (`was` against `now`) can change, or `undefined` when that can be any customer: those with a span in the windows
 * where it pairs with a changed span under a contradiction rule, and those with a span in the trace of a changed span
 * holding a link (their loop evidence). Any customer when the spans without a customer alone make a violation
 * (`needsEveryCustomer`, over those of the look-back, the week and the dropped ones) or a changed one matches a
 * sequence rule (whose `first` counts for every customer).
 */
async function globalsReach(ctx: AnalysisContext, range: TimeRange, was: readonly BusinessSpan[], now: readonly BusinessSpan[]): Promise<number[] | undefined> {
  const id = (s: BusinessSpan): string => `${s.traceId}/${s.spanId}`;
  const had = new Set(was.map(id));
  const has = new Set(now.map(id));
  const dropped = was.filter((s) => !has.has(id(s)));
  const changed = [...now.filter((s) => !had.has(id(s))), ...dropped];
  // The same ids with another fingerprint: a span stored twice, say; not worth narrowing.
  if (changed.length === 0) return undefined;
  const lookback = await ctx.store.getBusinessSpans({ fromMs: range.fromMs - longestLookbackMs(ctx.handbook), toMs: range.fromMs, customerIds: [] });
  if (needsEveryCustomer(ctx.handbook, [...lookback, ...now, ...dropped], range)) return undefined;
  const sequenceSides = ctx.handbook.rules.filter((r) => r.kind === 'sequence').flatMap(ruleMatchers).map(compileMatcher);
  if (changed.some((s) => sequenceSides.some((matches) => matches(s)))) return undefined;
  const windows = globalPartnerWindows(ctx.handbook, changed, range);
  const partners = windows.some((w) => w !== undefined && (w.a.size > 0 || w.b.size > 0))
    ? await ctx.store.getGlobalPartnerCustomers(ctx.handbook, range, windows)
    : [];
  const linkTraces = [...new Set(changed.filter((s) => s.links.length > 0).map((s) => s.traceId))];
  const inTraces = (await ctx.store.getChainSpans(linkTraces)).flatMap((s) => (s.customerId === undefined ? [] : [s.customerId]));
  return [...new Set([...partners, ...inTraces].map((c) => customerBucket(c, CUSTOMER_BUCKETS)))];
}
