/**
 * A {@link SpanStore} in process memory with the same semantics as the ClickHouse one. Unit tests use it, and its
 * `failNextInserts` lets them see what the collector does when storage fails.
 */
import type { Matcher } from '../../schemas/handbook.js';
import type { SpanRow } from '../../schemas/span.js';
import type { BusinessSpan } from '../analysis/BusinessSpan.js';
import { toBusinessSpan } from '../analysis/toBusinessSpan.js';
import { compileMatcher } from '../analysis/matchSpan.js';
import { isLoopCandidate } from '../analysis/actionSteps.js';
import { spanActivityOf } from '../analysis/buildWeeklyReport.js';
import { collectCustomerSteps } from '../analysis/actionSteps.js';
import { customerBucket } from '../analysis/customerBucket.js';
import type { LoopCandidateOptions } from '../analysis/findFeedbackLoops.js';
import { increment } from '../analysis/weekOverWeek.js';
import type {
  BucketFingerprints,
  BusinessSpanQuery,
  CustomerScope,
  CustomerSummary,
  EncodedSpans,
  SpanFingerprint,
  SpanLookbacks,
  SpanStore,
  WeekActivityParts,
  WeekFiguresKey,
} from './SpanStore.js';

/** The ids of `spans`, sorted and joined: a {@link SpanFingerprint} of this store ('' for none). */
const fingerprintOf = (spans: readonly BusinessSpan[]): string => spans.map((s) => `${s.traceId}/${s.spanId}`).sort().join(',');

/** The key of {@link InMemorySpanStore.runningWeekStates} for a context and week. */
const runningWeekMapKey = (context: string, weekStartMs: number): string => `${context}|${weekStartMs}`;

/** The key of {@link InMemorySpanStore.weekFigures} for a {@link WeekFiguresKey}. */
const weekFiguresMapKey = (key: WeekFiguresKey): string => `${key.context}|${key.weekStartMs}|${key.fingerprint}`;

/** In-memory span store. */
export class InMemorySpanStore implements SpanStore {
  readonly kind = 'memory' as const;
  readonly rows: SpanRow[] = [];
  /** Number of upcoming inserts that fail, to exercise error paths. */
  failNextInserts = 0;
  /** Optional delay per insert, to exercise back-pressure. */
  insertDelayMs = 0;
  /** Number of inserts performed, successful or not. */
  insertCalls = 0;

  /** Weekly report figures kept by {@link putWeekFigures}, by key. */
  readonly weekFigures = new Map<string, string>();
  /** Running week states kept by {@link putRunningWeekState}, by context and week. */
  readonly runningWeekStates = new Map<string, string>();

  async migrate(): Promise<void> {}

  encodeSpans(rows: readonly SpanRow[]): EncodedSpans & { rows: readonly SpanRow[] } {
    return { count: rows.length, rows };
  }

  async insertEncoded(parts: readonly EncodedSpans[]): Promise<void> {
    const rows = (parts as ReadonlyArray<ReturnType<InMemorySpanStore['encodeSpans']>>).flatMap((p) => p.rows);
    this.insertCalls++;
    if (this.insertDelayMs) await new Promise((r) => setTimeout(r, this.insertDelayMs));
    if (this.failNextInserts > 0) {
      this.failNextInserts--;
      throw new Error('simulated storage failure');
    }
    this.rows.push(...rows);
  }

  async getWeekFigures(key: WeekFiguresKey): Promise<string | undefined> {
    return this.weekFigures.get(weekFiguresMapKey(key));
  }

  async putWeekFigures(key: WeekFiguresKey, figures: string): Promise<void> {
    this.weekFigures.set(weekFiguresMapKey(key), figures);
  }

  async getRunningWeekState(context: string, weekStartMs: number): Promise<string | undefined> {
    return this.runningWeekStates.get(runningWeekMapKey(context, weekStartMs));
  }

  async putRunningWeekState(context: string, weekStartMs: number, state: string): Promise<void> {
    this.runningWeekStates.set(runningWeekMapKey(context, weekStartMs), state);
  }

  async countSpans(): Promise<number> {
    return this.rows.length;
  }

  async getLatestSpanMs(): Promise<number | undefined> {
    if (this.rows.length === 0) return undefined;
    return Number(this.rows.reduce((max, r) => (r.timestampNs > max ? r.timestampNs : max), this.rows[0]!.timestampNs) / 1_000_000n);
  }

  async getTraces(traceIds: readonly string[]): Promise<SpanRow[]> {
    const ids = new Set(traceIds);
    return this.rows.filter((r) => ids.has(r.traceId)).sort((a, b) => (a.timestampNs < b.timestampNs ? -1 : a.timestampNs > b.timestampNs ? 1 : 0));
  }

  async getLinkingTraceIds(traceIds: readonly string[]): Promise<string[]> {
    const ids = new Set(traceIds);
    const out = new Set<string>();
    for (const r of this.rows) if (r.links.some((l) => ids.has(l.traceId))) out.add(r.traceId);
    return [...out];
  }

  async getCustomerTraceIds(customerId: string, fromMs: number, toMs: number, limit: number): Promise<string[]> {
    const latest = new Map<string, bigint>();
    const from = BigInt(Math.floor(fromMs)) * 1_000_000n;
    const to = BigInt(Math.ceil(toMs)) * 1_000_000n;
    for (const r of this.rows) {
      if (toBusinessSpan(r).customerId !== customerId || r.timestampNs < from || r.timestampNs >= to) continue;
      const prev = latest.get(r.traceId);
      if (prev === undefined || r.timestampNs > prev) latest.set(r.traceId, r.timestampNs);
    }
    return [...latest].sort((a, b) => (a[1] > b[1] ? -1 : a[1] < b[1] ? 1 : 0)).slice(0, limit).map(([t]) => t);
  }

  async getChainSpans(traceIds: readonly string[]): Promise<BusinessSpan[]> {
    return (await this.getTraces(traceIds)).map(toBusinessSpan);
  }

  async getBusinessSpans(q: BusinessSpanQuery): Promise<BusinessSpan[]> {
    const predicate = (matchers: readonly Matcher[] | undefined) => {
      const compiled = matchers?.map(compileMatcher);
      return (s: BusinessSpan) => !compiled || compiled.some((p) => p(s));
    };
    // Whether a span falls in the range (matching `matching`) or in one of the look-backs (matching theirs).
    const inPeriods = (matching: readonly Matcher[] | undefined, lookbacks: SpanLookbacks | undefined) => {
      const inRange = predicate(matching);
      const before = (lookbacks ?? []).map((l) => ({ fromMs: q.fromMs - l.lookbackMs, matches: predicate(l.matching) }));
      return (s: BusinessSpan) =>
        s.startMs >= q.fromMs ? s.startMs < q.toMs && inRange(s) : before.some((l) => s.startMs >= l.fromMs && l.matches(s));
    };
    const ofCustomers = (ids: readonly string[] | undefined) => (s: BusinessSpan) =>
      ids === undefined || s.customerId === undefined || ids.includes(s.customerId);
    const scopes = (q.scopes ?? [{ customerIds: q.customerIds, matching: q.matching, lookbacks: q.lookbacks }]).map((scope) => {
      const ofScope = ofCustomers(scope.customerIds);
      const inScopePeriods = inPeriods(scope.matching, scope.lookbacks);
      return (s: BusinessSpan) => ofScope(s) && inScopePeriods(s);
    });
    return this.rows
      .map(toBusinessSpan)
      .filter((s) => scopes.some((inScope) => inScope(s)))
      .filter((s) => q.customerId === undefined || s.customerId === undefined || s.customerId === q.customerId)
      .filter((s) => !q.loopCandidates || isLoopCandidate(s))
      .sort((a, b) => (a.customerId ?? '').localeCompare(b.customerId ?? '') || a.startMs - b.startMs);
  }

  async getSpanFingerprint(fromMs: number, toMs: number): Promise<SpanFingerprint> {
    const spans = await this.getBusinessSpans({ fromMs, toMs });
    return { spans: spans.length, fingerprint: fingerprintOf(spans) };
  }

  async getLoopScanSpans(fromMs: number, toMs: number): Promise<BusinessSpan[]> {
    return this.getBusinessSpans({ fromMs, toMs, loopCandidates: true });
  }

  async getConflictCandidateCustomers(): Promise<undefined> {
    return undefined;
  }

  async getGlobalPartnerCustomers(): Promise<string[]> {
    // Every customer: a superset.
    return [...new Set(this.rows.map(toBusinessSpan).flatMap((s) => (s.customerId === undefined ? [] : [s.customerId])))];
  }

  async getWeekActivity(fromMs: number, toMs: number, _loops: LoopCandidateOptions, scope: CustomerScope): Promise<WeekActivityParts> {
    const spans = await this.getBusinessSpans({ fromMs, toMs });
    const ofScope = spans.filter((s) => s.customerId !== undefined && (scope.customerIds?.includes(s.customerId) ?? true));
    const steps = new Map<number, Map<string, number>>();
    for (const { customerId, steps: customerSteps } of collectCustomerSteps(ofScope)) {
      const bucket = customerBucket(customerId, scope.buckets);
      let counts = steps.get(bucket);
      if (!counts) steps.set(bucket, (counts = new Map()));
      for (const step of customerSteps) increment(counts, step.agent);
    }
    return { activity: spanActivityOf(spans), steps, unresolved: [] };
  }

  async getBucketFingerprints(fromMs: number, toMs: number, buckets: number): Promise<BucketFingerprints> {
    const byBucket = new Map<number, BusinessSpan[]>();
    for (const s of await this.getBusinessSpans({ fromMs, toMs })) {
      const bucket = s.customerId === undefined ? -1 : customerBucket(s.customerId, buckets);
      let list = byBucket.get(bucket);
      if (!list) byBucket.set(bucket, (list = []));
      list.push(s);
    }
    const fingerprint = (bucket: number): string => fingerprintOf(byBucket.get(bucket) ?? []);
    return { global: fingerprint(-1), buckets: Array.from({ length: buckets }, (_, b) => fingerprint(b)) };
  }

  async getBucketCustomers(fromMs: number, toMs: number, buckets: number, only: readonly number[]): Promise<string[]> {
    const spans = (await this.getBusinessSpans({ fromMs, toMs })).filter((s) => s.customerId !== undefined);
    const inOnly = (s: BusinessSpan) => only.includes(customerBucket(s.customerId!, buckets));
    const traces = new Set(spans.filter((s) => inOnly(s) && s.links.length > 0).map((s) => s.traceId));
    const affected = new Set([...only, ...spans.filter((s) => traces.has(s.traceId)).map((s) => customerBucket(s.customerId!, buckets))]);
    return [...new Set(spans.filter((s) => affected.has(customerBucket(s.customerId!, buckets))).map((s) => s.customerId!))];
  }

  async getChangeSpans(fromMs: number, toMs: number): Promise<BusinessSpan[]> {
    const all = this.rows.map(toBusinessSpan).filter((s) => s.changeId !== undefined);
    const ids = new Set(all.filter((s) => s.startMs >= fromMs && s.startMs < toMs).map((s) => s.changeId));
    return all.filter((s) => ids.has(s.changeId)).sort((a, b) => a.startMs - b.startMs);
  }

  async getCustomers(prefix: string, fromMs: number, toMs: number, limit: number): Promise<CustomerSummary[]> {
    const acc = new Map<string, CustomerSummary>();
    for (const s of await this.getBusinessSpans({ fromMs, toMs })) {
      if (!s.customerId?.startsWith(prefix)) continue;
      const c = acc.get(s.customerId) ?? { customerId: s.customerId, spans: 0, messages: 0, lastSeenMs: 0 };
      c.spans++;
      if (s.intent && s.decision !== 'deny') c.messages++;
      c.lastSeenMs = Math.max(c.lastSeenMs, Math.floor(s.startMs));
      acc.set(s.customerId, c);
    }
    return [...acc.values()].sort((a, b) => b.spans - a.spans || a.customerId.localeCompare(b.customerId)).slice(0, limit);
  }

  async getSpan(traceId: string, spanId: string): Promise<SpanRow | undefined> {
    return this.rows.find((r) => r.traceId === traceId && r.spanId === spanId);
  }

  async close(): Promise<void> {}
}
