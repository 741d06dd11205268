/**
 * The span store on ClickHouse (embedded chDB or a server) through `@clickhouse/client`. Inserts are TabSeparated
 * bodies; reads bind their parameters, but quick lookups on embedded chDB write them into the query text (`#query`).
 */
import { Readable } from 'node:stream';
import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import type { ClickHouseConnection, InsertSettings } from './clickhouseClient.js';
import { StoreMemoryError, TooManySpansError } from '../errors.js';
import type { SpanRow } from '../../schemas/span.js';
import { runMigrations, type SchemaOptions } from './migrations.js';
import { inlineParams } from './sqlLiterals.js';
import { encodeSpanRowTsv, OTEL_TRACES_COLUMNS } from './otelTracesTsv.js';
import { SPAN_ROW_COLUMNS_SQL, fromSpanRowJson, type SpanRowJson } from './spanRowSql.js';
import type { BusinessSpan } from '../analysis/BusinessSpan.js';
import { toBusinessSpan } from '../analysis/toBusinessSpan.js';
import { inRangeSql, LOOP_CANDIDATE_SQL, matchersToSql, type SqlCondition } from './businessSpanFilterSql.js';
import { SpanFingerprintReads } from './spanFingerprintReads.js';
import type { LoopCandidateOptions } from '../analysis/findFeedbackLoops.js';
import { loopCandidateCustomersSql, loopSequenceParams } from './loopCandidateSql.js';
import { conflictCandidateCustomersSql } from './conflictCandidateSql.js';
import { actionAgentNamesSql, directlyFollowsSql, type DirectlyFollowsRow } from './directlyFollowsSql.js';
import { stepModelCode, stepRangeParams } from './actionStepSql.js';
import { familyTalliesSql, harmedCustomersSql, HARM_PARAMS, type FamilyTallyRow } from './journeyAuditSql.js';
import { DEFAULT_MAX_PATH_LENGTH } from '../analysis/auditJourneys.js';
import { directlyFollowsGraphOf, toMicroseconds, type DfgEdge, type DfgNodeCounts } from '../analysis/buildDirectlyFollowsGraph.js';
import { activityByAgentSql, bucketCustomersSql, bucketFingerprintsSql, linkedTraceCustomersSql, stepsByAgentSql, type ActivityRow, type StepsRow } from './weekActivitySql.js';
import { addActivity, emptyWeekActivity } from '../analysis/buildWeeklyReport.js';
import { customerBucket } from '../analysis/customerBucket.js';
import { increment } from '../analysis/weekOverWeek.js';
import { parseDurationMs, type ContradictionRule, type Handbook, type Matcher } from '../../schemas/handbook.js';
import { ruleReactionLatency, type RuleReactionLatency, type SignalReaction } from '../analysis/computeReactionLatency.js';
import { toIso } from '../analysis/spanRef.js';
import { signalCountsSql, signalReactionsSql, type SignalReactionRow } from './signalReactionsSql.js';
import type { GlobalPartnerWindows } from '../analysis/conflictCandidates.js';
import { businessSpanSelect, nsToMs, type BusinessSpanSelect } from './businessSpanSql.js';
import type {
  BucketFingerprints,
  BusinessSpanQuery,
  ConflictCandidates,
  DirectlyFollowsOptions,
  DirectlyFollowsParts,
  FamilyTallies,
  FamilyTallyOptions,
  CustomerScope,
  CustomerSummary,
  EncodedSpans,
  SpanFingerprint,
  SpanLookbacks,
  SpanStore,
  StorageKind,
  WeekActivityParts,
  WeekFiguresKey,
} from './SpanStore.js';

/** Rows encoded as one TabSeparated body. */
interface TsvSpans extends EncodedSpans {
  body: Buffer;
}

/**
 * Encodes rows into one UTF-8 TSV body. Each row's text is written straight into a growing Buffer: no joined string
 * of the whole batch (V8 would have to flatten a huge rope) and no second copy. The part of the estimate left unused
 * is never written, so it takes address space but no resident memory.
 */
export function encodeTsvBody(rows: readonly SpanRow[]): Buffer {
  let buf = Buffer.allocUnsafe(Math.max(4096, rows.length * 768));
  let used = 0;
  for (const row of rows) {
    const line = encodeSpanRowTsv(row);
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit.
    if (used + line.length * 3 > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, used + line.length * 3));
      buf.copy(bigger, 0, 0, used);
      buf = bigger;
    }
    used += buf.write(line, used);
  }
  return buf.subarray(0, used);
}

/**
 * Settings of every span insert. The five materialized views fill their tables side by side instead of one after
 * the other: each adds about 10 ms to an insert whatever its size (planning, a new part). Measured on embedded chDB:
 * a 10-row insert took 117–146 ms with the views in turn and 69–70 ms side by side; a 10-span OTLP request was
 * acknowledged in 178–193 ms (p50) before and 115–147 ms after, a 2,000-span one in 253 ms and 212 ms.
 */
export const SPAN_INSERT_SETTINGS: InsertSettings = { parallel_view_processing: 1 };

/** `Timestamp` in the range of {@link rangeParams}. */
const IN_RANGE_SQL = inRangeSql('from', 'to');

/** The `from` and `to` parameters of {@link IN_RANGE_SQL} for a half-open range in epoch ms. */
function rangeParams(fromMs: number, toMs: number): { from: number; to: number } {
  return { from: Math.floor(fromMs), to: Math.ceil(toMs) };
}

/** What a failed read throws: ClickHouse's memory limit as a {@link StoreMemoryError} (a 503 naming it), others as they are. */
function readError(err: unknown): unknown {
  return (err as { type?: unknown } | undefined)?.type === 'MEMORY_LIMIT_EXCEEDED' ? new StoreMemoryError() : err;
}

/** `WeekStart` of a kept week's row (figures or running week state), from a `week` parameter in epoch ms. */
const WEEK_START_SQL = "fromUnixTimestamp64Milli({week:Int64}, 'UTC')";

/** The `context`, `week` and `fingerprint` parameters naming a row of `flexix_week_figures`. */
function weekFiguresParams(key: WeekFiguresKey): { context: string; week: number; fingerprint: string } {
  return { context: key.context, week: Math.floor(key.weekStartMs), fingerprint: key.fingerprint };
}

/** The condition selecting the spans of a {@link BusinessSpanQuery}, and its parameters. */
function businessSpanWhere(q: BusinessSpanQuery): SqlCondition {
  const conditions: string[] = [];
  let params: Record<string, unknown> = rangeParams(q.fromMs, q.toMs);
  if (q.customerId !== undefined) {
    conditions.push("CustomerId IN ('', {customer:String})");
    params.customer = q.customerId;
  }
  if (q.customerIds !== undefined) {
    conditions.push('CustomerId IN {customers:Array(String)}');
    params.customers = ['', ...q.customerIds];
  }
  if (q.loopCandidates) conditions.push(LOOP_CANDIDATE_SQL);
  // The range (with its matchers), or one of the look-backs before it (with theirs), in one scan.
  const matchingSql = (matchers: readonly Matcher[] | undefined, name: string): string => {
    if (!matchers) return '';
    const m = matchersToSql(matchers, name);
    params = { ...params, ...m.params };
    return ` AND ${m.sql}`;
  };
  const periods = (matching: readonly Matcher[] | undefined, lookbacks: SpanLookbacks | undefined, prefix: string): string => {
    const list = [`(${IN_RANGE_SQL}${matchingSql(matching, `${prefix}m`)})`];
    lookbacks?.forEach((l, i) => {
      params[`${prefix}lb${i}`] = Math.floor(q.fromMs - l.lookbackMs);
      list.push(`(${inRangeSql(`${prefix}lb${i}`, 'from')}${matchingSql(l.matching, `${prefix}lb${i}m`)})`);
    });
    return list.length === 1 ? list[0]! : `(${list.join(' OR ')})`;
  };
  const allLookbacks = q.scopes ? q.scopes.flatMap((s) => s.lookbacks) : (q.lookbacks ?? []);
  params.lowest = Math.floor(Math.min(q.fromMs, ...allLookbacks.map((l) => q.fromMs - l.lookbackMs)));
  conditions.push(inRangeSql('lowest', 'to'));
  if (q.scopes) {
    // Each scope's customers with its own matchers: ClickHouse reads the intents and events of each scope's rules
    // for its customers only.
    const scopes = q.scopes.map((s, i) => {
      params[`scope${i}`] = ['', ...s.customerIds];
      return `(CustomerId IN {scope${i}:Array(String)} AND ${periods(s.matching, s.lookbacks, `s${i}`)})`;
    });
    conditions.push(scopes.length === 0 ? '0' : `(${scopes.join(' OR ')})`);
  } else {
    conditions.push(periods(q.matching, q.lookbacks, ''));
  }
  return { sql: conditions.join(' AND '), params };
}

/** A reaction as `computeReactionLatency` reports it, from its row. */
function toSignalReaction(r: SignalReactionRow): SignalReaction {
  const startMs = nsToMs(r.ts);
  const lastMs = nsToMs(r.lastNs);
  const signal: SignalReaction['signal'] = { traceId: r.traceId, spanId: r.spanId, agent: r.agent, start: toIso(startMs) };
  if (r.event !== '') signal.event = r.event;
  if (r.subject !== '') signal.subject = r.subject;
  if (r.customerId !== '') signal.customerId = r.customerId;
  const latencyMsByModel: SignalReaction['latencyMsByModel'] = {};
  if (r.lastCommandNs !== '0') latencyMsByModel.command = nsToMs(r.lastCommandNs) - startMs;
  if (r.lastNetworkNs !== '0') latencyMsByModel.network = nsToMs(r.lastNetworkNs) - startMs;
  return {
    signal,
    contradictions: Number(r.contradictions),
    customers: Number(r.customers),
    lastContradictionAt: toIso(lastMs),
    latencyMs: lastMs - startMs,
    latencyMsByModel,
  };
}

/** How a read runs: an analysis on the shared connection, a quick lookup on its own (see `#query`). */
type ReadPath = 'analysis' | 'lookup';

/**
 * A lookup's values are written into its query text: up to 64 MiB of it, past ClickHouse's default 256 KiB (a chain
 * through 7,000 traces; 50,000 write about 1.8 MB of ids).
 */
const LOOKUP_SETTINGS: ClickHouseSettings = { max_query_size: String(64 * 1024 * 1024) };

/** {@link SpanStore} over a ClickHouse client. */
export class ClickHouseSpanStore implements SpanStore {
  readonly #client: ClickHouseClient;
  readonly #connection: ClickHouseConnection;
  readonly #maxAnalysisSpans: number;
  readonly #schema: SchemaOptions;
  readonly #db: string;
  readonly #fingerprints: SpanFingerprintReads;
  readonly kind: StorageKind;

  /** `maxAnalysisSpans`: see {@link withMaxAnalysisSpans} (0, the default: no limit). */
  constructor(connection: ClickHouseConnection, kind: StorageKind, schema: SchemaOptions, maxAnalysisSpans = 0) {
    this.#maxAnalysisSpans = maxAnalysisSpans;
    this.#connection = connection;
    this.#client = connection.client;
    this.kind = kind;
    this.#schema = schema;
    this.#db = `\`${schema.database}\``;
    this.#fingerprints = new SpanFingerprintReads(this.#db, (sql, params) => this.#select(sql, params));
  }

  /**
   * The same store, over the same connection, whose reads of spans for an analysis fail with a
   * {@link TooManySpansError} instead of returning more than `limit` spans (ClickHouse produces one row more at
   * most). For the API, so that a wide range cannot fill the collector's memory; 0 = no limit.
   */
  withMaxAnalysisSpans(limit: number): ClickHouseSpanStore {
    return new ClickHouseSpanStore(this.#connection, this.kind, this.#schema, limit);
  }

  /** The underlying client, for queries beyond this interface (analysis, benchmarks). */
  get client(): ClickHouseClient {
    return this.#client;
  }

  /** The database holding the tables. */
  get database(): string {
    return this.#schema.database;
  }

  async migrate(): Promise<void> {
    await runMigrations(this.#client, this.#schema);
  }

  encodeSpans(rows: readonly SpanRow[]): TsvSpans {
    return { count: rows.length, body: encodeTsvBody(rows) };
  }

  async insertEncoded(parts: readonly EncodedSpans[]): Promise<void> {
    const bodies = (parts as readonly TsvSpans[]).filter((p) => p.count > 0).map((p) => p.body);
    if (bodies.length === 0) return;
    const rawTsvInsert = this.#connection.rawTsvInsert;
    if (rawTsvInsert) {
      // chDB's insert takes a plain dotted name; the database is a validated identifier (see migrations).
      const body = bodies.length === 1 ? bodies[0]! : Buffer.concat(bodies);
      await rawTsvInsert(`${this.#schema.database}.otel_traces`, OTEL_TRACES_COLUMNS, body, SPAN_INSERT_SETTINGS);
      return;
    }
    await this.#client.insert({
      table: `${this.#db}.otel_traces`,
      columns: [...OTEL_TRACES_COLUMNS],
      values: Readable.from(bodies, { objectMode: false }),
      format: 'TabSeparated',
      clickhouse_settings: SPAN_INSERT_SETTINGS,
    });
  }

  async countSpans(): Promise<number> {
    const [row] = await this.#select<{ n: string }>(`SELECT toString(count()) AS n FROM ${this.#db}.otel_traces`, {}, 'lookup');
    return Number(row?.n ?? 0);
  }

  async getLatestSpanMs(): Promise<number | undefined> {
    const [row] = await this.#select<{ n: string; t: string }>(
      `SELECT toString(count()) AS n, toString(toUnixTimestamp64Milli(max(Timestamp))) AS t FROM ${this.#db}.otel_traces`,
      {},
    );
    return row === undefined || row.n === '0' ? undefined : Number(row.t);
  }

  async getTraces(traceIds: readonly string[]): Promise<SpanRow[]> {
    if (traceIds.length === 0) return [];
    // The trace-id lookup table gives each trace's time range, so the span table is read only in those partitions.
    const rows = await this.#select<SpanRowJson>(
      `WITH ranges AS (
         SELECT min(Start) AS lo, max(End) AS hi FROM ${this.#db}.otel_traces_trace_id_ts WHERE TraceId IN {ids:Array(String)}
       )
       SELECT ${SPAN_ROW_COLUMNS_SQL} FROM ${this.#db}.otel_traces
       WHERE TraceId IN {ids:Array(String)}
         AND Timestamp >= (SELECT lo FROM ranges) AND toDateTime(Timestamp) <= (SELECT hi FROM ranges)
       ORDER BY Timestamp, SpanId`,
      { ids: traceIds },
    );
    return rows.map(fromSpanRowJson);
  }

  async getChainSpans(traceIds: readonly string[]): Promise<BusinessSpan[]> {
    if (traceIds.length === 0) return [];
    const select = businessSpanSelect(false, 'chain');
    const spans = await this.#selectBusinessSpans(
      select,
      `SELECT ${select.sql} FROM ${this.#db}.flexix_trace_spans WHERE TraceId IN {ids:Array(String)}`,
      { ids: traceIds },
      'lookup',
    );
    // Traces stored before this access path existed are read from otel_traces (unknown ids cost one index lookup).
    const found = new Set(spans.map((s) => s.traceId));
    const missing = traceIds.filter((t) => !found.has(t));
    return missing.length === 0 ? spans : spans.concat((await this.getTraces(missing)).map(toBusinessSpan));
  }

  async getLinkingTraceIds(traceIds: readonly string[]): Promise<string[]> {
    if (traceIds.length === 0) return [];
    const rows = await this.#select<{ t: string }>(
      `SELECT DISTINCT TraceId AS t FROM ${this.#db}.flexix_links_by_target WHERE TargetTraceId IN {ids:Array(String)}`,
      { ids: traceIds },
      'lookup',
    );
    return rows.map((r) => r.t);
  }

  async getCustomerTraceIds(customerId: string, fromMs: number, toMs: number, limit: number): Promise<string[]> {
    const rows = await this.#select<{ t: string }>(
      `SELECT TraceId AS t FROM ${this.#db}.flexix_customer_spans
       WHERE CustomerId = {customer:String}
         AND ${IN_RANGE_SQL}
       GROUP BY TraceId ORDER BY max(Timestamp) DESC LIMIT {limit:UInt32}`,
      { customer: customerId, ...rangeParams(fromMs, toMs), limit },
      'lookup',
    );
    return rows.map((r) => r.t);
  }

  async getBusinessSpans(q: BusinessSpanQuery): Promise<BusinessSpan[]> {
    const { sql: where, params } = businessSpanWhere(q);
    // A read of every customer's spans is counted first when limited: refused at the cost of a count, not of
    // reading and sorting as many spans as the limit.
    if (this.#maxAnalysisSpans > 0 && q.customerId === undefined && q.customerIds === undefined && q.scopes === undefined) {
      const [row] = await this.#select<{ n: string }>(`SELECT toString(count()) AS n FROM ${this.#db}.flexix_business_spans WHERE ${where}`, params);
      if (Number(row?.n ?? 0) > this.#maxAnalysisSpans) throw new TooManySpansError(this.#maxAnalysisSpans);
    }
    const select = businessSpanSelect(q.withAttributes ?? false, q.fields, true);
    // One customer's spans (a timeline, a customer's conflicts or path) are a lookup: the customer debugger answers
    // while an analysis runs.
    const oneCustomer = q.customerId !== undefined || q.customerIds?.length === 1;
    return this.#selectBusinessSpans(
      select,
      `SELECT ${select.sql} FROM ${this.#db}.flexix_business_spans
       WHERE ${where}
       ORDER BY CustomerId, Timestamp, SpanNumber`,
      params,
      oneCustomer ? 'lookup' : 'analysis',
    );
  }

  getSpanFingerprint(fromMs: number, toMs: number): Promise<SpanFingerprint> {
    return this.#fingerprints.get(rangeParams(fromMs, toMs));
  }

  async getWeekFigures(key: WeekFiguresKey): Promise<string | undefined> {
    const [row] = await this.#select<{ Figures: string }>(
      `SELECT Figures FROM ${this.#db}.flexix_week_figures
       WHERE ContextKey = {context:String} AND WeekStart = ${WEEK_START_SQL} AND Fingerprint = {fingerprint:String}
       ORDER BY ComputedAt DESC LIMIT 1`,
      weekFiguresParams(key),
    );
    return row?.Figures;
  }

  async putWeekFigures(key: WeekFiguresKey, figures: string, computeMs: number): Promise<void> {
    await this.#client.command({
      query: `INSERT INTO ${this.#db}.flexix_week_figures (ContextKey, WeekStart, Fingerprint, ComputedAt, ComputeMs, Figures)
              SELECT {context:String}, ${WEEK_START_SQL}, {fingerprint:String}, now64(3), {computeMs:UInt32}, {figures:String}`,
      query_params: { ...weekFiguresParams(key), computeMs: Math.round(computeMs), figures },
    });
  }

  async getRunningWeekState(context: string, weekStartMs: number): Promise<string | undefined> {
    const [row] = await this.#select<{ State: string }>(
      `SELECT State FROM ${this.#db}.flexix_running_week
       WHERE ContextKey = {context:String} AND WeekStart = ${WEEK_START_SQL}
       ORDER BY KeptAt DESC LIMIT 1`,
      { context, week: Math.floor(weekStartMs) },
    );
    return row?.State;
  }

  async putRunningWeekState(context: string, weekStartMs: number, state: string): Promise<void> {
    // In the body, not as a query parameter: a server takes those in the URL (at most 1 MiB by default), and a
    // state holds megabytes.
    const utc = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
    await this.#client.insert({
      table: `${this.#db}.flexix_running_week`,
      values: [{ ContextKey: context, WeekStart: utc(weekStartMs), KeptAt: utc(Date.now()), State: state }],
      format: 'JSONEachRow',
    });
  }

  async getLoopScanSpans(fromMs: number, toMs: number, options: LoopCandidateOptions, candidates?: readonly string[]): Promise<BusinessSpan[]> {
    let customers = candidates;
    if (customers === undefined) {
      const q = loopCandidateCustomersSql(this.#db, fromMs, toMs, options);
      customers = (await this.#select<{ CustomerId: string }>(q.sql, q.params)).map((r) => r.CustomerId);
    }
    if (customers.length === 0) return [];
    const params = { ...rangeParams(fromMs, toMs), customers };
    // Both reads are sent at once: chDB runs one query at a time, so the second runs while the first one's rows are
    // parsed. The candidates' loop-candidate spans (a primary-key range each)...
    const select = businessSpanSelect(false, 'loops', true);
    const ownRead = this.#selectBusinessSpans(
      select,
      `SELECT ${select.sql} FROM ${this.#db}.flexix_business_spans
       WHERE CustomerId IN {customers:Array(String)} AND ${IN_RANGE_SQL} AND ${LOOP_CANDIDATE_SQL}
       ORDER BY CustomerId, Timestamp, SpanNumber`,
      params,
    );
    // ...and the business spans without a customer or of another customer that hold a link, in the traces of those
    // spans (e.g. a consumer span): the only links the analysis follows, as it joins the traces of the steps it
    // judges. One scan of the window's narrow columns, cheaper than looking up thousands of traces in the links table;
    // the traces matched by their first 64 bits (a number, not 32 characters, read twice), so the spans found are
    // checked below for their trace and for a link to one of the traces. (Every span of a candidate that holds a link
    // is one of its own spans.)
    const linkingRead = this.#selectBusinessSpans(
      select,
      `WITH {customers:Array(String)} AS customers
       SELECT ${select.sql} FROM ${this.#db}.flexix_business_spans
       WHERE ${IN_RANGE_SQL} AND notEmpty(LinkSpanIds) AND CustomerId NOT IN customers
         AND TraceHigh IN (
           SELECT TraceHigh FROM ${this.#db}.flexix_business_spans
           WHERE CustomerId IN customers AND ${IN_RANGE_SQL} AND ${LOOP_CANDIDATE_SQL})`,
      params,
    );
    const [own, linkingNear] = await Promise.all([ownRead, linkingRead]);
    const traces = new Set(own.map((s) => s.traceId));
    const linking = linkingNear.filter((span) => traces.has(span.traceId) && span.links.some((link) => traces.has(link.traceId)));
    // Another customer's span counts for its links only (that customer has no loop): passed without its customer.
    for (const span of linking) span.customerId = undefined;
    return linking.concat(own);
  }

  async getConflictCandidateCustomers(
    handbook: Handbook,
    range: { fromMs: number; toMs: number },
    windows: ReadonlyArray<GlobalPartnerWindows | undefined>,
  ): Promise<ConflictCandidates> {
    const q = conflictCandidateCustomersSql(this.#db, handbook, range, windows);
    return new Map((await this.#select<{ CustomerId: string; rules: number[] }>(q.sql, q.params)).map((r) => [r.CustomerId, r.rules]));
  }

  async getGlobalPartnerCustomers(
    handbook: Handbook,
    range: { fromMs: number; toMs: number },
    windows: ReadonlyArray<GlobalPartnerWindows | undefined>,
  ): Promise<string[]> {
    const q = conflictCandidateCustomersSql(this.#db, handbook, range, windows, true);
    return (await this.#select<{ CustomerId: string }>(q.sql, q.params)).map((r) => r.CustomerId);
  }

  async getWeekActivity(fromMs: number, toMs: number, loops: LoopCandidateOptions, scope: CustomerScope): Promise<WeekActivityParts> {
    const params = { ...loopSequenceParams(fromMs, toMs, loops), buckets: scope.buckets, customers: scope.customerIds ?? [] };
    const rows = await this.#select<ActivityRow>(activityByAgentSql(this.#db), params);
    const stepRows = await this.#select<StepsRow>(stepsByAgentSql(this.#db, loops.maxCycleLength, scope.customerIds !== undefined), params);
    const activity = emptyWeekActivity();
    const agentByHash = new Map<string, string>();
    for (const r of rows) {
      const agent = r.agent === '' ? undefined : r.agent;
      if (agent !== undefined) agentByHash.set(r.agentHash, agent);
      const model = r.model === 'command' || r.model === 'network' ? r.model : undefined;
      const rule = r.rule === '' ? undefined : r.rule;
      const outcome = r.outcome === '' ? undefined : r.outcome;
      addActivity(activity, { agent, model, denied: Boolean(r.denied), rule, outcome }, Number(r.spans));
      if (agent === undefined) continue;
      if (r.actionsWithoutCustomer !== '0') increment(activity.actions, agent, Number(r.actionsWithoutCustomer));
      if (r.messages !== '0') increment(activity.messages, agent, Number(r.messages));
    }
    const steps = new Map<number, Map<string, number>>();
    for (const r of stepRows) {
      const counts = new Map<string, number>();
      r.agentHashes.forEach((hash, i) => counts.set(agentByHash.get(hash)!, Number(r.stepCounts[i])));
      steps.set(Number(r.bucket), counts);
    }
    return { activity, steps, unresolved: stepRows.flatMap((r) => r.unresolved), loopCandidates: stepRows.flatMap((r) => r.loopCandidates) };
  }

  async getBucketFingerprints(fromMs: number, toMs: number, buckets: number): Promise<BucketFingerprints> {
    const rows = await this.#select<{ bucket: number; fingerprint: string }>(bucketFingerprintsSql(this.#db), { ...rangeParams(fromMs, toMs), buckets });
    const found: BucketFingerprints = { global: '', buckets: new Array<string>(buckets).fill('') };
    for (const r of rows) {
      if (Number(r.bucket) < 0) found.global = r.fingerprint;
      else found.buckets[Number(r.bucket)] = r.fingerprint;
    }
    return found;
  }

  async getBucketCustomers(fromMs: number, toMs: number, buckets: number, only: readonly number[]): Promise<string[]> {
    const range = rangeParams(fromMs, toMs);
    const ofBuckets = async (which: readonly number[]) =>
      (await this.#select<{ customerId: string }>(bucketCustomersSql(this.#db), { ...range, buckets, only: which })).map((r) => r.customerId);
    const customers = await ofBuckets(only);
    if (customers.length === 0) return customers;
    // Other buckets are added when the customers' link-holding spans sit in traces of customers there (rare).
    const linked = await this.#select<{ customerId: string }>(linkedTraceCustomersSql(this.#db), { ...range, customers });
    const known = new Set(only);
    const more = [...new Set(linked.map((r) => customerBucket(r.customerId, buckets)).filter((b) => !known.has(b)))];
    return more.length === 0 ? customers : customers.concat(await ofBuckets(more));
  }

  async getDirectlyFollows(fromMs: number, toMs: number, options: DirectlyFollowsOptions = {}): Promise<DirectlyFollowsParts> {
    const extra = options.extraSteps ?? [];
    const params = {
      ...stepRangeParams(fromMs, toMs),
      model: options.model ?? '',
      extraFrom: extra.map((s) => s.from),
      extraTo: extra.map((s) => s.to),
      extraModel: extra.map((s) => stepModelCode(s.model)),
      extraGapNs: extra.map((s) => s.gapNs),
    };
    const [rows, names] = await Promise.all([
      this.#select<DirectlyFollowsRow>(directlyFollowsSql(this.#db, options.model !== undefined), params),
      this.#select<{ hash: string; agent: string }>(actionAgentNamesSql(this.#db), params),
    ]);
    const agentOf = new Map(names.map((r) => [r.hash, r.agent]));
    const nodes = new Map<string, DfgNodeCounts>();
    const edges: DfgEdge[] = [];
    const unresolved: string[] = [];
    for (const r of rows) {
      if (r.agent === '0') {
        unresolved.push(...r.unresolved);
        continue;
      }
      const agent = agentOf.get(r.agent)!;
      const node = nodes.get(agent) ?? { agent, count: 0, command: 0, network: 0 };
      node.count += Number(r.steps);
      node.command += Number(r.command);
      node.network += Number(r.network);
      nodes.set(agent, node);
      if (r.prev !== '0') edges.push({ from: agentOf.get(r.prev)!, to: agent, count: Number(r.steps), medianTransitionMs: toMicroseconds(Number(r.medianGapNs) / 1e6) });
    }
    return { graph: directlyFollowsGraphOf([...nodes.values()], edges), unresolved };
  }

  async getHarmedCustomers(fromMs: number, toMs: number): Promise<string[]> {
    const rows = await this.#select<{ customerId: string }>(harmedCustomersSql(this.#db), { ...stepRangeParams(fromMs, toMs), ...HARM_PARAMS });
    return rows.map((r) => r.customerId);
  }

  async getFamilyTallies(fromMs: number, toMs: number, options: FamilyTallyOptions): Promise<FamilyTallies> {
    const { except, extraParts, violationSpans } = options;
    const rows = await this.#select<FamilyTallyRow>(familyTalliesSql(this.#db), {
      ...stepRangeParams(fromMs, toMs),
      maxPath: DEFAULT_MAX_PATH_LENGTH,
      except,
      violationTraces: violationSpans.map((s) => s.traceId),
      violationSpans: violationSpans.map((s) => s.spanId),
      xFamily: extraParts.map((p) => p.family),
      xPath: extraParts.map((p) => p.path),
      xCommand: extraParts.map((p) => p.command),
      xNetwork: extraParts.map((p) => p.network),
      xConflicted: extraParts.map((p) => Number(p.conflicted)),
      xComplained: extraParts.map((p) => Number(p.complained)),
      xDropped: extraParts.map((p) => Number(p.dropped)),
    });
    const families = rows.filter((r) => r.family !== '');
    return {
      tallies: families.map(({ sizeCustomers, sizePaths, topPaths, unresolved: _, ...counts }) => ({
        ...counts,
        pathSizes: sizeCustomers.map((k, i): [number, number] => [k, sizePaths[i]!]),
        topPaths: topPaths.map(([customers, path]) => ({ path, customers })),
      })),
      unresolved: rows.flatMap((r) => r.unresolved),
    };
  }

  async getSignalReactions(query: BusinessSpanQuery, rules: readonly ContradictionRule[]): Promise<RuleReactionLatency[]> {
    if (rules.length === 0) return [];
    const spans = businessSpanWhere(query);
    const bs = rules.map((rule, r) => matchersToSql([rule.b], `reactionB${r}_`));
    const count = signalCountsSql(this.#db, spans, bs);
    const [row] = await this.#select<{ counts: string[] }>(count.sql, count.params);
    const out: RuleReactionLatency[] = [];
    for (const [r, rule] of rules.entries()) {
      // Rules without a signal in the data are left out, as `computeReactionLatency` does.
      const signals = Number(row?.counts[r] ?? 0);
      if (signals === 0) continue;
      const q = signalReactionsSql(this.#db, spans, matchersToSql([rule.a], `reactionA${r}_`), bs[r]!);
      const rows = await this.#select<SignalReactionRow>(q.sql, { ...q.params, withinNs: parseDurationMs(rule.within) * 1e6, sameSubject: rule.sameSubject ?? false });
      out.push(ruleReactionLatency(rule.id, signals, rows.map(toSignalReaction)));
    }
    return out;
  }

  async getChangeSpans(fromMs: number, toMs: number): Promise<BusinessSpan[]> {
    const select = businessSpanSelect(false, 'all', true);
    return this.#selectBusinessSpans(
      select,
      `SELECT ${select.sql} FROM ${this.#db}.flexix_business_spans
       WHERE ChangeId IN (
         SELECT DISTINCT ChangeId FROM ${this.#db}.flexix_business_spans
         WHERE ChangeId != '' AND ${IN_RANGE_SQL})
       ORDER BY Timestamp`,
      rangeParams(fromMs, toMs),
    );
  }

  async getCustomers(prefix: string, fromMs: number, toMs: number, limit: number): Promise<CustomerSummary[]> {
    const rows = await this.#select<{ customerId: string; spans: string; messages: string; lastSeenMs: string }>(
      `SELECT CustomerId AS customerId, toString(count()) AS spans, toString(countIf(Intent != '' AND Decision != 'deny')) AS messages,
              toString(toUnixTimestamp64Milli(max(Timestamp))) AS lastSeenMs
       FROM ${this.#db}.flexix_business_spans
       WHERE CustomerId != '' AND startsWith(CustomerId, {prefix:String})
         AND ${IN_RANGE_SQL}
       GROUP BY CustomerId ORDER BY count() DESC, CustomerId LIMIT {limit:UInt32}`,
      { prefix, ...rangeParams(fromMs, toMs), limit },
      'lookup',
    );
    return rows.map((r) => ({ customerId: r.customerId, spans: Number(r.spans), messages: Number(r.messages), lastSeenMs: Number(r.lastSeenMs) }));
  }

  async getSpan(traceId: string, spanId: string): Promise<SpanRow | undefined> {
    // The trace-ordered table gives the span's sorting key in otel_traces, so the row is read by primary key.
    const [key] = await this.#select<{ service: string; name: string; ts: string }>(
      `SELECT ServiceName AS service, SpanName AS name, toString(Timestamp) AS ts FROM ${this.#db}.flexix_trace_spans
       WHERE TraceId = {t:String} AND SpanId = {s:String} LIMIT 1`,
      { t: traceId, s: spanId },
      'lookup',
    );
    if (!key) return (await this.getTraces([traceId])).find((r) => r.spanId === spanId);
    const [row] = await this.#select<SpanRowJson>(
      `SELECT ${SPAN_ROW_COLUMNS_SQL} FROM ${this.#db}.otel_traces
       WHERE ServiceName = {service:String} AND SpanName = {name:String} AND Timestamp = toDateTime64({ts:String}, 9)
         AND TraceId = {t:String} AND SpanId = {s:String} LIMIT 1`,
      { ...key, t: traceId, s: spanId },
      'lookup',
    );
    return row ? fromSpanRowJson(row) : undefined;
  }

  async close(): Promise<void> {
    await this.#client.close();
  }

  /** Runs `query`, which selects `select.sql`, and converts its rows with `select`. */
  async #selectBusinessSpans(
    select: BusinessSpanSelect,
    query: string,
    params: Record<string, unknown>,
    via: ReadPath = 'analysis',
  ): Promise<BusinessSpan[]> {
    const limit = this.#maxAnalysisSpans;
    // One row past the limit tells that there are more; ClickHouse produces no others (with ORDER BY, it keeps only
    // that many rows while sorting).
    const rs = await this.#query(limit > 0 ? `${query} LIMIT ${limit + 1}` : query, params, 'JSONCompactEachRow', via).catch((err: unknown) => {
      throw readError(err);
    });
    const spans: BusinessSpan[] = [];
    // Streamed row by row: a week of spans can exceed the largest string V8 can hold as one JSON document.
    for await (const rows of rs.stream<unknown[]>()) {
      // Counted before they are converted: chDB hands over its whole result as one batch.
      if (limit > 0 && spans.length + rows.length > limit) {
        rs.close();
        throw new TooManySpansError(limit);
      }
      for (const row of rows) spans.push(select.toSpan(row.json<unknown[]>()));
    }
    return spans;
  }

  /**
   * Runs a read: an analysis binds its parameters on the shared connection; a lookup, where there is a lookup
   * connection (embedded chDB), has them written into the query text (`inlineParams`) there, so that it runs beside an
   * analysis (see `lookupClient`). A server runs queries side by side anyway: there every read binds its parameters.
   */
  #query<F extends 'JSONEachRow' | 'JSONCompactEachRow'>(query: string, params: Record<string, unknown>, format: F, via: ReadPath) {
    const lookupClient = via === 'lookup' ? this.#connection.lookupClient : undefined;
    if (!lookupClient) return this.#client.query({ query, query_params: params, format });
    return lookupClient.query({ query: inlineParams(query, params), format, clickhouse_settings: LOOKUP_SETTINGS });
  }

  async #select<T>(query: string, params: Record<string, unknown>, via: ReadPath = 'analysis'): Promise<T[]> {
    try {
      const rs = await this.#query(query, params, 'JSONEachRow', via);
      return await rs.json<T>();
    } catch (err) {
      throw readError(err);
    }
  }
}
