/**
 * One evaluation of the loop rules (CONTRACT §1), incremental: it takes only the loop-candidate spans that arrived
 * since the previous evaluation, adds them to the per-customer carry-over, and runs `findFeedbackLoops` only over the
 * customers that had new activity. Work per evaluation follows the new data, not the history.
 *
 * New spans come either from the collector in the same process as it stores them (`ingest`, the default of
 * `flexix serve`: it sees spans stamped in the past too, such as a simulation's), or from the store by start time
 * (minus `latenessMs`), for evaluators that run apart from the collectors.
 */
import { feedbackLoopThresholds, findFeedbackLoops, type FeedbackLoopOptions } from '../analysis/findFeedbackLoops.js';
import { isLoopCandidate } from '../analysis/actionSteps.js';
import type { BusinessSpan } from '../analysis/BusinessSpan.js';
import { toBusinessSpan } from '../analysis/toBusinessSpan.js';
import { CUSTOMER_ID_ATTRS } from '../../schemas/semconv.js';
import type { SpanRow } from '../../schemas/span.js';
import type { FlexixMetrics, LoopsByAgents } from '../metrics/FlexixMetrics.js';
import type { SpanStore } from '../store/SpanStore.js';
import { formatAgents } from './alertmanagerPayload.js';
import { CustomerSpanCarryOver } from './CustomerSpanCarryOver.js';
import { LoopSpanCompactor } from './LoopSpanCompactor.js';
import { FEEDBACK_LOOP_ALERT, LoopAlertTracker, RUNAWAY_LOOP_ALERT, type LoopAlertNotice } from './LoopAlertTracker.js';

/** Tuning of a {@link LoopAlertEvaluator}; loop thresholds default to CONTRACT §1. */
export interface LoopAlertEvaluatorOptions {
  /** Only `getBusinessSpans` is used. */
  store: Pick<SpanStore, 'getBusinessSpans'>;
  metrics?: FlexixMetrics;
  loops?: FeedbackLoopOptions;
  /** How far before the previous read each read starts again, for spans stored after their start (default 30 s). */
  latenessMs?: number;
  /** How often a firing alert is re-sent (default 60 s, Prometheus' resend delay). */
  resendIntervalMs?: number;
  /**
   * Bounds of the carry-over (defaults: 256 spans per customer; the most recently active customers, at most 50,000 of
   * them and 100,000 spans in all).
   */
  maxSpansPerCustomer?: number;
  maxCustomers?: number;
  maxSpans?: number;
  /** Take new spans from {@link LoopAlertEvaluator.ingest} instead of reading the store. */
  feed?: boolean;
}

/** See the module comment. */
export class LoopAlertEvaluator {
  readonly #store: Pick<SpanStore, 'getBusinessSpans'>;
  readonly #metrics: FlexixMetrics | undefined;
  readonly #loopOptions: FeedbackLoopOptions;
  readonly #pendingAt: number;
  readonly #maxStepGapMs: number;
  readonly #runawayIterations: number;
  readonly #latenessMs: number;
  readonly #carryOver: CustomerSpanCarryOver;
  readonly #tracker: LoopAlertTracker;
  /** End of the previous read; undefined before the first. */
  #watermarkMs: number | undefined;
  /** Spans handed over since the last evaluation (feed mode), else undefined. */
  readonly #arrived: BusinessSpan[] | undefined;
  readonly #compactor = new LoopSpanCompactor();

  constructor(options: LoopAlertEvaluatorOptions) {
    this.#store = options.store;
    this.#metrics = options.metrics;
    const { minIterations, maxStepGapMs, runawayIterations } = feedbackLoopThresholds(options.loops);
    this.#maxStepGapMs = maxStepGapMs;
    this.#runawayIterations = runawayIterations;
    // Pending = one iteration short of a loop; below 3 iterations a "pending" cycle would be every repeated step.
    this.#pendingAt = minIterations > 2 ? minIterations - 1 : minIterations;
    this.#loopOptions = { ...options.loops, minIterations: this.#pendingAt };
    this.#latenessMs = options.latenessMs ?? 30_000;
    this.#arrived = options.feed ? [] : undefined;
    this.#carryOver = new CustomerSpanCarryOver({
      maxStepGapMs: this.#maxStepGapMs,
      maxSpansPerCustomer: options.maxSpansPerCustomer ?? 256,
      maxCustomers: options.maxCustomers ?? 50_000,
      maxSpans: options.maxSpans ?? 100_000,
    });
    this.#tracker = new LoopAlertTracker({
      minIterations,
      runawayIterations,
      maxStepGapMs,
      resendIntervalMs: options.resendIntervalMs ?? 60_000,
    });
  }

  /** Spans handed over (feed mode) and not evaluated yet; they are held in memory until the next evaluation. */
  get backlog(): number {
    return this.#arrived?.length ?? 0;
  }

  /**
   * What {@link ingest} takes of rows (feed mode; nothing otherwise): their loop candidates, compacted (see
   * {@link LoopSpanCompactor}: they are held for minutes). Runs on the ingest path as a request arrives, so the
   * request's rows need not be held while they are stored; rows without a customer are skipped before any conversion.
   */
  select(rows: readonly SpanRow[]): BusinessSpan[] {
    const selected: BusinessSpan[] = [];
    if (!this.#arrived) return selected;
    for (const row of rows) {
      if (!CUSTOMER_ID_ATTRS.some((key) => row.spanAttributes[key])) continue;
      const span = toBusinessSpan(row);
      if (isLoopCandidate(span)) selected.push(this.#compactor.compact(span));
    }
    return selected;
  }

  /** Hands over the {@link select}ed spans of rows just stored (feed mode). */
  ingest(spans: readonly BusinessSpan[]): void {
    if (!this.#arrived) return;
    for (const span of spans) this.#arrived.push(span);
  }

  /**
   * Evaluates at time `nowMs` and returns the notifications due. A storage error is counted and rethrown; the
   * watermark then stays, so the next evaluation reads the missed spans.
   */
  async evaluate(nowMs: number): Promise<LoopAlertNotice[]> {
    const started = performance.now();
    const spans = this.#arrived ? this.#arrived.splice(0) : await this.#readStore(nowMs);
    const added = this.#carryOver.add(spans, nowMs);
    for (const span of added) if (span.decision === 'deny' && span.rule !== undefined) this.#metrics?.countDenials(span.rule);
    const touched = new Set(added.map((s) => s.customerId!));
    if (touched.size > 0) this.#tracker.observe(findFeedbackLoops(this.#carryOver.spansOf(touched), this.#loopOptions).perCustomer);
    const notices = this.#tracker.advance(nowMs);
    this.#carryOver.dropIdle(nowMs);
    this.#publishGauges();
    this.#metrics?.observeEvaluation(performance.now() - started);
    return notices;
  }

  async #readStore(nowMs: number): Promise<BusinessSpan[]> {
    // The first read reaches back one step gap, so a loop already running at start is seen whole.
    const fromMs = this.#watermarkMs === undefined ? nowMs - this.#maxStepGapMs : Math.min(this.#watermarkMs - this.#latenessMs, nowMs);
    let spans;
    try {
      spans = await this.#store.getBusinessSpans({ fromMs, toMs: nowMs, loopCandidates: true });
    } catch (err) {
      this.#metrics?.countStorageError('query');
      throw err;
    }
    this.#watermarkMs = nowMs;
    return spans;
  }

  #publishGauges(): void {
    const metrics = this.#metrics;
    if (!metrics) return;
    const byAgents = new Map<string, LoopsByAgents>();
    for (const loop of this.#tracker.loops()) {
      if (loop.status !== 'firing') continue;
      const agents = formatAgents(loop.agents);
      const entry = byAgents.get(agents) ?? { agents, active: 0, runaway: 0 };
      entry.active++;
      if (loop.iterations >= this.#runawayIterations) entry.runaway++;
      byAgents.set(agents, entry);
    }
    metrics.setActiveLoops([...byAgents.values()]);
    metrics.setAlertsFiring(FEEDBACK_LOOP_ALERT, this.#tracker.firingCount(FEEDBACK_LOOP_ALERT));
    metrics.setAlertsFiring(RUNAWAY_LOOP_ALERT, this.#tracker.firingCount(RUNAWAY_LOOP_ALERT));
  }
}
