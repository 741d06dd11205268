import type { Matcher } from '../../schemas/handbook.js';
import type { SpanRow } from '../../schemas/span.js';
import type { BusinessSpan } from '../analysis/BusinessSpan.js';
import type { BusinessSpanFields } from './businessSpanSql.js';
import type { LoopCandidateOptions } from '../analysis/findFeedbackLoops.js';
import type { ContradictionRule, Handbook } from '../../schemas/handbook.js';
import type { RuleReactionLatency } from '../analysis/computeReactionLatency.js';
import type { GlobalPartnerWindows } from '../analysis/conflictCandidates.js';
import type { WeekActivity } from '../analysis/buildWeeklyReport.js';
import type { DfgStep, DirectlyFollowsGraph } from '../analysis/buildDirectlyFollowsGraph.js';
import type { AuditCustomerPart, FamilyTally } from '../analysis/auditJourneys.js';

/** Look-backs of a read: also the spans in [fromMs - lookbackMs, fromMs) matching these matchers. */
export type SpanLookbacks = ReadonlyArray<{ lookbackMs: number; matching: readonly Matcher[] }>;

/** Some customers' spans (plus spans without a customer) matching some matchers, in the range and its look-backs. */
export interface SpanScope {
  customerIds: readonly string[];
  matching: readonly Matcher[];
  lookbacks: SpanLookbacks;
}

/** Per candidate customer of a conflict search, the indexes (in handbook order) of the rules it can break. */
export type ConflictCandidates = ReadonlyMap<string, readonly number[]>;

/** Which business-event spans to read. */
export interface BusinessSpanQuery {
  fromMs: number;
  toMs: number;
  /** Only this customer's spans, plus spans without a customer (global events concern every customer). */
  customerId?: string;
  /** Only these customers' spans, plus spans without a customer (an empty list: only those). */
  customerIds?: readonly string[];
  /** Read the full attribute map too (handbook matchers on `attributes` need it). */
  withAttributes?: boolean;
  /** Only spans matching one of these handbook matchers. */
  matching?: readonly Matcher[];
  /**
   * Also the spans in [fromMs - lookbackMs, fromMs) matching these matchers (for windows reaching before the range;
   * the other filters apply too). Each span comes once.
   */
  lookbacks?: SpanLookbacks;
  /** Instead of `customerIds`, `matching` and `lookbacks`: the spans of any of these scopes (each span once). */
  scopes?: readonly SpanScope[];
  /** Only spans that can be loop steps: actions, and spans holding links. */
  loopCandidates?: boolean;
  /** The fields to fill (default `all`; a store may always fill them all). */
  fields?: BusinessSpanFields;
}

/** See {@link SpanStore.getSpanFingerprint}. */
export interface SpanFingerprint {
  spans: number;
  fingerprint: string;
}

/** Which stored weekly report figures: see {@link SpanStore.getWeekFigures}. */
export interface WeekFiguresKey {
  /** What the figures depend on besides the spans (handbook, thresholds, format): `weekFiguresContextKey`. */
  context: string;
  weekStartMs: number;
  /** The {@link SpanFingerprint} of the spans they were computed from. */
  fingerprint: string;
}

/** Which customers a {@link SpanStore.getWeekActivity} counts the steps of: `buckets` as `customerBucket` splits them. */
export interface CustomerScope {
  buckets: number;
  /** Only these customers (default: every one). */
  customerIds?: readonly string[];
}

/** See {@link SpanStore.getWeekActivity}. */
export interface WeekActivityParts {
  activity: WeekActivity;
  /** Per customer bucket, customers' action steps per agent. */
  steps: Map<number, Map<string, number>>;
  unresolved: string[];
  loopCandidates?: string[];
}

/** See {@link SpanStore.getBucketFingerprints}; a fingerprint is empty when there are no spans. */
export interface BucketFingerprints {
  /** Spans without a customer. */
  global: string;
  /** Per customer bucket. */
  buckets: string[];
}

/** A customer's activity in a time range. */
export interface CustomerSummary {
  customerId: string;
  spans: number;
  messages: number;
  lastSeenMs: number;
}

/**
 * Rows already encoded in a store's insert format. Encoding when a request arrives lets the row objects die young
 * (cheap for the garbage collector) while only compact bytes wait for the insert.
 */
export interface EncodedSpans {
  readonly count: number;
}

/** Options of {@link SpanStore.getDirectlyFollows}. */
export interface DirectlyFollowsOptions {
  /** Only the spans declaring this `flexix.model`. */
  model?: 'command' | 'network';
  /** Steps to count beside the store's own (those of customers it was unsure of, found from their spans). */
  extraSteps?: readonly DfgStep[];
}

/** See {@link SpanStore.getDirectlyFollows}. */
export interface DirectlyFollowsParts {
  graph: DirectlyFollowsGraph;
  unresolved: string[];
}

/** Options of {@link SpanStore.getFamilyTallies}. */
export interface FamilyTallyOptions {
  /** Customers left out (their parts are among `extraParts`). */
  except: readonly string[];
  extraParts: readonly AuditCustomerPart[];
  /** The spans of the range's violations: a customer's family holding one of them is conflicted. */
  violationSpans: ReadonlyArray<{ traceId: string; spanId: string }>;
}

/** See {@link SpanStore.getFamilyTallies}. */
export interface FamilyTallies {
  tallies: FamilyTally[];
  unresolved: string[];
}

/** Where spans are kept: `embedded` chDB, a ClickHouse `server`, or process `memory` (tests). */
export type StorageKind = 'embedded' | 'server' | 'memory';

/**
 * The storage seam: everything the collector and the query API need from the span store.
 * {@link ClickHouseSpanStore} is the real one (chDB or server); {@link InMemorySpanStore} serves unit tests.
 */
export interface SpanStore {
  readonly kind: StorageKind;
  /** Creates tables and views if missing (idempotent). */
  migrate(): Promise<void>;
  /**
   * The same store, whose reads of spans for an analysis fail with a `TooManySpansError` rather than load more than
   * `limit` spans (0 = no limit). Optional: a store without it has no limit.
   */
  withMaxAnalysisSpans?(limit: number): SpanStore;
  /** Encodes rows for {@link insertEncoded}. */
  encodeSpans(rows: readonly SpanRow[]): EncodedSpans;
  /** Stores encoded rows (from this store's `encodeSpans`) in one insert; resolves only once they are stored. */
  insertEncoded(parts: readonly EncodedSpans[]): Promise<void>;
  /** Number of stored spans. */
  countSpans(): Promise<number>;
  /** The start of the newest stored span in epoch ms, or `undefined` when none is stored. */
  getLatestSpanMs(): Promise<number | undefined>;
  /** Every stored span of the given traces (ids lower-case hex). */
  getTraces(traceIds: readonly string[]): Promise<SpanRow[]>;
  /** Every stored span of the given traces as business spans (the fields a causal chain shows), in no order. */
  getChainSpans(traceIds: readonly string[]): Promise<BusinessSpan[]>;
  /** Ids of traces holding a span that links to a span of one of the given traces. */
  getLinkingTraceIds(traceIds: readonly string[]): Promise<string[]>;
  /** Ids of traces with a span of this customer in [fromMs, toMs), most recent first, at most `limit`. */
  getCustomerTraceIds(customerId: string, fromMs: number, toMs: number, limit: number): Promise<string[]>;
  /** Business-event spans in [fromMs, toMs), ordered by customer, then time (spans without a customer first). */
  getBusinessSpans(query: BusinessSpanQuery): Promise<BusinessSpan[]>;
  /**
   * The business-event spans of [fromMs, toMs) in brief: how many, and a `fingerprint` (count and combined ids) that
   * changes whenever one is stored or dropped, so a result computed from that range can be reused while it is
   * unchanged.
   */
  getSpanFingerprint(fromMs: number, toMs: number): Promise<SpanFingerprint>;
  /**
   * What a loop scan of [fromMs, toMs) needs, in {@link getBusinessSpans} order: the loop-candidate spans (actions and
   * link holders) of every customer who can have a loop under `options`, and the link holders of their traces. A
   * store may narrow the customers with a cheap necessary test; it never leaves out one with a loop. `candidates`
   * are those customers when already known (from {@link getWeekActivity}). The spans may carry only the `loops`
   * fields (see {@link BusinessSpanFields}).
   */
  getLoopScanSpans(fromMs: number, toMs: number, options: LoopCandidateOptions, candidates?: readonly string[]): Promise<BusinessSpan[]>;
  /**
   * The customers who can have a violation of `handbook` anchored in the range, given where their spans pair with
   * global spans (`windows`, see `globalPartnerWindows`), each with the rules it can break; a superset, never missing
   * one. `undefined` when this store cannot narrow the search (then every customer counts for every rule).
   */
  getConflictCandidateCustomers(
    handbook: Handbook,
    range: { fromMs: number; toMs: number },
    windows: ReadonlyArray<GlobalPartnerWindows | undefined>,
  ): Promise<ConflictCandidates | undefined>;
  /**
   * The customers with a span in the `windows` where it pairs with global spans (see `globalPartnerWindows`) under
   * the handbook's contradiction rules; a superset, never missing one.
   */
  getGlobalPartnerCustomers(handbook: Handbook, range: { fromMs: number; toMs: number }, windows: ReadonlyArray<GlobalPartnerWindows | undefined>): Promise<string[]>;
  /**
   * The weekly report's activity figures for [fromMs, toMs): `activity` counts every span, but customers' steps,
   * which are in `steps` per customer bucket (`customerBucket.ts`, `scope.buckets` of them), except for the customers
   * listed in `unresolved`, whose steps the caller counts from their spans. With `scope.customerIds`, `steps`,
   * `unresolved` and `loopCandidates` are of those customers only. `loopCandidates`: the customers a loop scan of the
   * range under `loops` must look at, when the store found them on the way.
   */
  getWeekActivity(fromMs: number, toMs: number, loops: LoopCandidateOptions, scope: CustomerScope): Promise<WeekActivityParts>;
  /** Per customer bucket (`buckets` of them), and for the spans without a customer, a fingerprint of the range's spans. */
  getBucketFingerprints(fromMs: number, toMs: number, buckets: number): Promise<BucketFingerprints>;
  /**
   * The customers with spans in [fromMs, toMs) of the buckets `only`, and of the buckets of customers whose traces
   * hold a link-holding span of theirs (the spans a loop's evidence is judged from); a store may list more.
   */
  getBucketCustomers(fromMs: number, toMs: number, buckets: number, only: readonly number[]): Promise<string[]>;
  /** The weekly report figures (JSON) last kept under exactly this key by {@link putWeekFigures}, if any. */
  getWeekFigures(key: WeekFiguresKey): Promise<string | undefined>;
  /** Keeps a week's report figures (JSON), computed in `computeMs`, for {@link getWeekFigures}. */
  putWeekFigures(key: WeekFiguresKey, figures: string, computeMs: number): Promise<void>;
  /** The running week's state (JSON) last kept for this context and week by {@link putRunningWeekState}, if any. */
  getRunningWeekState(context: string, weekStartMs: number): Promise<string | undefined>;
  /** Keeps the running week's state (JSON, see `runningWeekRecord.ts`) for {@link getRunningWeekState}. */
  putRunningWeekState(context: string, weekStartMs: number, state: string): Promise<void>;
  /**
   * The network-wide directly-follows graph of [fromMs, toMs), as `buildDirectlyFollowsGraph` builds it from every
   * customer's spans, of the customers whose steps this store is sure of, with `options.extraSteps` added; the others
   * are `unresolved`, for the caller to find their steps from their spans. Optional: a store without it leaves the
   * graph to be built from the spans.
   */
  getDirectlyFollows?(fromMs: number, toMs: number, options?: DirectlyFollowsOptions): Promise<DirectlyFollowsParts>;
  /**
   * The customers with a complaint or a drop-off in [fromMs, toMs), as the journey audit reads them. Optional, with
   * {@link getFamilyTallies}.
   */
  getHarmedCustomers?(fromMs: number, toMs: number): Promise<string[]>;
  /**
   * The journey audit's tallies of [fromMs, toMs) (`tallyFamilies` with the default options) of every customer but the
   * `except` ones, conflicts judged from `violationSpans`, complaints and drop-offs not judged; with `extraParts`
   * added. The customers whose steps this store is unsure of are `unresolved`. Optional: a store without it leaves
   * the audit to its spans.
   */
  getFamilyTallies?(fromMs: number, toMs: number, options: FamilyTallyOptions): Promise<FamilyTallies>;
  /**
   * Reaction latency (`computeReactionLatency`) of these `b-then-a` contradiction rules among the spans `query`
   * reads, computed by the store. Optional: without it the spans are read and the latency computed from them.
   */
  getSignalReactions?(query: BusinessSpanQuery, rules: readonly ContradictionRule[]): Promise<RuleReactionLatency[]>;
  /** Every stage span of the changes that have a stage in [fromMs, toMs), whenever the other stages happened. */
  getChangeSpans(fromMs: number, toMs: number): Promise<BusinessSpan[]>;
  /** Customers active in [fromMs, toMs) whose id starts with `prefix` (all when empty), most active first. */
  getCustomers(prefix: string, fromMs: number, toMs: number, limit: number): Promise<CustomerSummary[]>;
  /** One stored span, or undefined. */
  getSpan(traceId: string, spanId: string): Promise<SpanRow | undefined>;
  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;
}
