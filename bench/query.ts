/**
 * Query benchmark: generated stores of 1M and 10M spans (inserted with INSERT ... SELECT into `otel_traces`, so the
 * materialized views do their real work), then through the HTTP API: a customer's whole causal chain (p50 of 20
 * customers), the loop scan of the last 5 minutes (which hold 1M spans), a week's conflicts and its network map (each the median of 5
 * requests after a first one, whose time is reported apart: it also pays for compiling the JavaScript it runs and
 * for chDB's first run of its queries), and the weekly report: the figures of the two weeks that are over computed
 * and kept as the collector's background pass does (what computing a report costs), then the report of last week
 * first asked (both weeks read from the store), of this week first asked (nothing kept: this week computed whole),
 * asked again, after a new span in the week, after spans of 100 new customers (their customer buckets computed
 * again), after a global out-of-stock event (the buckets of the customers it pairs with), and by a collector started
 * again (the running week read from the store, then a new span's bucket computed again). Last, the first request of
 * each view whose cost grows with the range (network map, audit, loops, conflicts, change latency) over the last 1, 7
 * and 30 days (the UI's default).
 * Each figure is printed beside the same store's raw-ClickHouse baseline: a plain lookup of one customer's spans
 * (`flexix_customer_spans`, ordered by customer), and a count over the same 5 minutes / week.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CUSTOMER_BUCKETS, customerBucket } from '../collector/analysis/customerBucket.js';
import { isoWeekOf, isoWeekRange } from '../collector/analysis/isoWeek.js';
import { loadServeConfig } from '../collector/config.js';
import { createApiApp, type ApiAppOptions } from '../collector/http/apiApp.js';
import { silentLogger } from '../collector/logger.js';
import { loadHandbookFile } from '../collector/protocols.js';
import { keepWeekFigures } from '../collector/query/analyses.js';
import { weeksOverAt } from '../collector/query/WeekFiguresKeeper.js';
import { startServer } from '../collector/server.js';
import type { ClickHouseSpanStore } from '../collector/store/ClickHouseSpanStore.js';
import { makeSyntheticSpanRows } from './syntheticSpans.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const RECENT_SPANS = 1_000_000;
const CUSTOMERS = 50_000;
/** Runs of each analysis; the median is reported. */
const RUNS = 3;
/** Requests of the loop scan and of the conflicts after the first one; their median is reported. */
const WARM_RUNS = 5;

/** Figures at one store size. */
export interface QueryBenchResult {
  spans: number;
  insertSeconds: number;
  /** Seconds waited for the merges after the insert; undefined when they still ran after five minutes. */
  mergeSeconds: number | undefined;
  chainP50Ms: number;
  customerLookupP50Ms: number;
  /** Median of the loop scans after the first. */
  loopScanMs: number;
  loopScanFirstMs: number;
  /** Customers in the loops found (the generator makes one in 50 customers loop). */
  loopCustomers: number;
  loopWindowCountMs: number;
  /** The figures of the last two weeks that are over computed and kept in the store, one after the other. */
  weeklyKeepMs: number;
  /** Last week's report first asked, both weeks' figures kept in the store. */
  weeklyLastWeekMs: number;
  /**
   * This week's report first asked on a store where no running week is kept: this week computed whole (what the
   * background pass does once, on a new store or handbook), last week's figures kept in the store.
   */
  weeklyReportMs: number;
  /** Asked again, spans unchanged: this week unchanged after its bucket fingerprints, last week from the cache. */
  weeklyReportRepeatMs: number;
  /** Asked again after a span arrived in the week: its customer's bucket computed again. */
  weeklyReportAfterNewSpanMs: number;
  /** Asked again after spans of 100 new customers arrived: their buckets computed again. */
  weeklyReportAfterCustomersMs: number;
  /** Buckets computed again for those 100 customers. */
  weeklyCustomersBuckets: number;
  /** Asked again after a global out-of-stock event arrived: the buckets of the customers it pairs with computed again. */
  weeklyReportAfterGlobalMs: number;
  /**
   * This week's report first asked by a collector started again after a new span: the running week read from the
   * store, where the previous collector kept it (at shutdown), and the new span's bucket computed again.
   */
  weeklyReportAfterRestartMs: number;
  /** Median of the conflict searches after the first. */
  conflictsWeekMs: number;
  conflictsWeekFirstMs: number;
  /** Violations found in that week. */
  conflicts: number;
  /** Median of the network maps of the week (`/api/paths`, every customer) after the first. */
  pathsWeekMs: number;
  pathsWeekFirstMs: number;
  /** Transitions counted in that map. */
  transitions: number;
  weekCountMs: number;
  /** First request of each of {@link RANGE_VIEWS} over the last {@link RANGE_DAYS} days, in that order. */
  rangeViewsMs: Record<(typeof RANGE_VIEWS)[number], number[]>;
  /** A count over each of those ranges. */
  rangeCountMs: number[];
}

/** The UI's views whose cost grows with the range, timed over the ranges the UI offers up to its default. */
export const RANGE_VIEWS = ['paths', 'audit', 'loops', 'conflicts', 'change-latency'] as const;
/** The ranges, in days before now. */
export const RANGE_DAYS = [1, 7, 30] as const;

/**
 * Fills `otel_traces` with `total` spans: the last `RECENT_SPANS` in the 5 minutes before `nowMs`, the rest spread
 * over the 28 days before. Customers act in turn; one in 50 cycles through three agents (a loop); each other customer
 * alternates between two agents in Thue–Morse order, which never repeats a pattern three times in a row, so those
 * customers are busy (20 actions in the last 5 minutes) but have no loop. One action in ten is a message to the
 * customer (40% promote, 40% nurture, the rest apologies, discounts, upgrades and overbooking apologies, about 2,000
 * SKUs), the others update context; one span in four links to the customer's previous span (a cross-trace reaction);
 * one in 50,000 (the last customer id's turn) is a global out-of-stock event for a SKU.
 */

export async function generate(store: ClickHouseSpanStore, total: number, nowMs: number): Promise<void> {
  const older = total - RECENT_SPANS;
  const hex = (expr: string, width: number) => `leftPad(lower(hex(${expr})), ${width}, '0')`;
  const insert = async (offset: number, count: number, fromMs: number, spanMs: number) => {
    await store.client.command({
      query: `INSERT INTO ${store.database}.otel_traces
        SELECT
          fromUnixTimestamp64Milli(toInt64({from:Int64} + intDiv((number - {offset:UInt64}) * {span:UInt64}, {count:UInt64}))) AS Timestamp,
          ${hex('sipHash64(c, intDiv(k, 4))', 16)} || ${hex('sipHash64(c, intDiv(k, 4), 1)', 16)} AS TraceId,
          ${hex('sipHash64(number)', 16)} AS SpanId,
          '' AS ParentSpanId, '' AS TraceState,
          concat(agent, ' act') AS SpanName, 'Internal' AS SpanKind, agent AS ServiceName,
          map('service.name', agent) AS ResourceAttributes, 'bench' AS ScopeName, '1' AS ScopeVersion,
          if(global,
             map('flexix.model', 'command', 'flexix.agent', 'inventory-sync', 'flexix.event', 'inventory.out_of_stock',
                 'flexix.message.subject', concat('sku-', toString(intDiv(number, ${CUSTOMERS}) % 2000))),
             if(message,
                map('flexix.model', 'network', 'flexix.agent', agent, 'flexix.phase', 'act',
                    'flexix.customer.id', concat('cust-', toString(c)), 'flexix.event', 'message.sent',
                    'flexix.message.channel', 'email', 'flexix.message.intent', intent,
                    'flexix.message.subject', concat('sku-', toString(sipHash64(number) % 2000)), 'flexix.hop', toString(k % 4)),
                map('flexix.model', 'network', 'flexix.agent', agent, 'flexix.phase', 'act',
                    'flexix.customer.id', concat('cust-', toString(c)), 'flexix.event', 'context.updated',
                    'flexix.context.keys', '["segment"]', 'flexix.hop', toString(k % 4)))) AS SpanAttributes,
          1000000 AS Duration, 'Unset' AS StatusCode, '' AS StatusMessage,
          [] AS \`Events.Timestamp\`, [] AS \`Events.Name\`, [] AS \`Events.Attributes\`,
          if(k % 4 = 0 AND k > 0, [${hex('sipHash64(c, intDiv(k - 1, 4))', 16)} || ${hex('sipHash64(c, intDiv(k - 1, 4), 1)', 16)}], []) AS \`Links.TraceId\`,
          if(k % 4 = 0 AND k > 0, [${hex('sipHash64(number - ' + CUSTOMERS + ')', 16)}], []) AS \`Links.SpanId\`,
          if(k % 4 = 0 AND k > 0, [''], []) AS \`Links.TraceState\`,
          if(k % 4 = 0 AND k > 0, [map()], []) AS \`Links.Attributes\`
        FROM (
          SELECT number, number % ${CUSTOMERS} AS c, intDiv(number, ${CUSTOMERS}) AS k, c = ${CUSTOMERS - 1} AS global,
                 sipHash64(number, 5) % 10 = 0 AS message,
                 if(c % 50 = 0, ['care-agent', 'loyalty-agent', 'marketing-agent'][k % 3 + 1],
                    ['care-agent', 'loyalty-agent', 'marketing-agent', 'chatbot', 'risk-engine', 'cms-agent'][
                      (c % 6 + if(bitCount(k) % 2 = 0, 0, 1 + intDiv(c, 6) % 5)) % 6 + 1]) AS agent,
                 multiIf(sipHash64(number, 3) % 100 AS p < 40, 'promote', p < 80, 'nurture', p < 85, 'apologize', p < 88, 'discount_offer',
                         p < 94, 'upgrade_offer', 'overbooking_apology') AS intent
          FROM numbers({offset:UInt64}, {count:UInt64})
        )`,
      query_params: { offset, count, from: Math.floor(fromMs), span: Math.floor(spanMs) },
    });
  };
  if (older > 0) await insert(0, older, nowMs - 5 * MINUTE - 28 * DAY, 28 * DAY);
  await insert(older, RECENT_SPANS, nowMs - 5 * MINUTE, 5 * MINUTE - 1);
}

/**
 * Waits (up to five minutes) until the background merges that follow a bulk insert are done, as on a store in use:
 * measured during merges, the figures at 10M spans came out up to twice as high. Returns the seconds waited, or
 * `undefined` when merges were still running at the end.
 */
async function mergesSettled(store: ClickHouseSpanStore): Promise<number | undefined> {
  for (let waited = 0; waited < 300_000; waited += 1000) {
    const running = await (await store.client.query({ query: 'SELECT count() FROM system.merges', format: 'TabSeparated' })).text();
    if (Number(running) === 0) return waited / 1000;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return undefined;
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** The median time of `runs` runs of `fn`, one after the other (the first one reads from a cold cache). */
async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeMs(fn));
  return p50(times);
}

/** The time of a first call of `fn`, and the median of `runs` calls after it. */
async function firstAndMedianMs(runs: number, fn: () => Promise<unknown>): Promise<{ firstMs: number; medianMs: number }> {
  const firstMs = await timeMs(fn);
  return { firstMs, medianMs: await medianMs(runs, fn) };
}

function p50(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1]!;
}

/** Runs `fn` with the URL of another API on the store, as a collector started again serves it. */
async function withApi<T>(options: ApiAppOptions, fn: (url: string) => Promise<T>): Promise<T> {
  const api = createServer(createApiApp(options));
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  try {
    return await fn(`http://127.0.0.1:${(api.address() as AddressInfo).port}`);
  } finally {
    api.closeAllConnections();
    await new Promise((resolve) => api.close(resolve));
  }
}

async function getOk(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json().catch(() => undefined);
}

/** Runs the query benchmark on a store of `total` spans. */
export async function benchQueries(total: number): Promise<QueryBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'flexix-bench-query-'));
  // The weekly figures are kept by this benchmark, at a known time, not by the collector's own pass.
  const config = loadServeConfig({ data: dir, otlpPort: '0', port: '0', weeklyKeepInterval: 'off' }, {});
  const server = await startServer(config, { logger: silentLogger });
  const store = server.store as ClickHouseSpanStore;
  try {
    const nowMs = Date.now();
    const insertSeconds = (await timeMs(() => generate(store, total, nowMs))) / 1000;
    const mergeSeconds = await mergesSettled(store);
    const api = server.apiUrl;
    const count = async (where: string, params: Record<string, unknown>) =>
      (await store.client.query({ query: `SELECT count() FROM ${store.database}.flexix_business_spans WHERE ${where}`, query_params: params })).text();

    const chainTimes: number[] = [];
    const lookupTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const customer = `cust-${(i * 2477) % CUSTOMERS}`;
      chainTimes.push(await timeMs(() => getOk(`${api}/api/chains?customer=${customer}&from=${nowMs - 30 * DAY}&to=${nowMs + MINUTE}`)));
      lookupTimes.push(
        await timeMs(() =>
          store.client.query({
            query: `SELECT * FROM ${store.database}.flexix_customer_spans WHERE CustomerId = {c:String}`,
            query_params: { c: customer },
            format: 'JSONEachRow',
          }).then((r) => r.json()),
        ),
      );
    }
    const recent = { from: nowMs - 5 * MINUTE, to: nowMs + MINUTE };
    let loops: Array<{ customerIds: string[] }> = [];
    const loopScan = await firstAndMedianMs(WARM_RUNS, async () => {
      loops = ((await getOk(`${api}/api/loops?from=${recent.from}&to=${recent.to}`)) as { loops: typeof loops }).loops;
    });
    const loopWindowCountMs = await timeMs(() =>
      count('Timestamp >= fromUnixTimestamp64Milli({f:Int64}) AND Timestamp < fromUnixTimestamp64Milli({t:Int64})', { f: recent.from, t: recent.to }),
    );
    const week = isoWeekOf(nowMs);
    const range = isoWeekRange(week);
    const keeper = { store, handbook: loadHandbookFile(config.protocolsFile) };
    const [lastWeek, weekBefore] = weeksOverAt(nowMs, 2) as [string, string];
    const weeklyKeepMs = await timeMs(async () => {
      for (const w of [lastWeek, weekBefore]) await keepWeekFigures(keeper, w);
    });
    const weeklyLastWeekMs = await timeMs(() => getOk(`${api}/api/reports/weekly?week=${lastWeek}`));
    const weekly = () => getOk(`${api}/api/reports/weekly?week=${week}`);
    const weeklyReportMs = await timeMs(weekly);
    const weeklyReportRepeatMs = await medianMs(RUNS, weekly);
    await store.insertEncoded([store.encodeSpans(makeSyntheticSpanRows(1, 7, nowMs - MINUTE))]);
    const weeklyReportAfterNewSpanMs = await timeMs(weekly);
    const newCustomers = makeSyntheticSpanRows(400, 8, nowMs - MINUTE);
    await store.insertEncoded([store.encodeSpans(newCustomers)]);
    const weeklyReportAfterCustomersMs = await timeMs(weekly);
    const weeklyCustomersBuckets = new Set(newCustomers.map((r) => customerBucket(r.spanAttributes['flexix.customer.id']!, CUSTOMER_BUCKETS))).size;
    const [outOfStock] = makeSyntheticSpanRows(1, 9, nowMs - MINUTE);
    outOfStock!.spanAttributes = { 'flexix.model': 'command', 'flexix.agent': 'inventory-sync', 'flexix.event': 'inventory.out_of_stock', 'flexix.message.subject': 'sku-7' };
    outOfStock!.links = [];
    await store.insertEncoded([store.encodeSpans([outOfStock!])]);
    const weeklyReportAfterGlobalMs = await timeMs(weekly);
    await server.runningWeek.keep(store, 'changed');
    await store.insertEncoded([store.encodeSpans(makeSyntheticSpanRows(1, 10, nowMs - MINUTE))]);
    const weeklyReportAfterRestartMs = await withApi({ store, logger: silentLogger, handbook: keeper.handbook }, (restarted) =>
      timeMs(() => getOk(`${restarted}/api/reports/weekly?week=${week}`)),
    );
    let conflicts = 0;
    const conflictsWeek = await firstAndMedianMs(WARM_RUNS, async () => {
      conflicts = ((await getOk(`${api}/api/conflicts?from=${range.fromMs}&to=${range.toMs}`)) as { conflicts: unknown[] }).conflicts.length;
    });
    let transitions = 0;
    const pathsWeek = await firstAndMedianMs(WARM_RUNS, async () => {
      const { edges } = (await getOk(`${api}/api/paths?from=${range.fromMs}&to=${range.toMs}`)) as { edges: Array<{ count: number }> };
      transitions = edges.reduce((n, e) => n + e.count, 0);
    });
    const weekCountMs = await timeMs(() =>
      count('Timestamp >= fromUnixTimestamp64Milli({f:Int64}) AND Timestamp < fromUnixTimestamp64Milli({t:Int64})', { f: range.fromMs, t: range.toMs }),
    );
    const rangeViewsMs = Object.fromEntries(RANGE_VIEWS.map((view) => [view, [] as number[]])) as QueryBenchResult['rangeViewsMs'];
    const rangeCountMs: number[] = [];
    for (const days of RANGE_DAYS) {
      const last = { f: nowMs - days * DAY, t: nowMs + MINUTE };
      for (const view of RANGE_VIEWS) rangeViewsMs[view].push(await timeMs(() => getOk(`${api}/api/${view}?from=${last.f}&to=${last.t}`)));
      rangeCountMs.push(await timeMs(() => count('Timestamp >= fromUnixTimestamp64Milli({f:Int64}) AND Timestamp < fromUnixTimestamp64Milli({t:Int64})', last)));
    }
    return {
      spans: total,
      insertSeconds,
      mergeSeconds,
      chainP50Ms: p50(chainTimes),
      customerLookupP50Ms: p50(lookupTimes),
      loopScanMs: loopScan.medianMs,
      loopScanFirstMs: loopScan.firstMs,
      loopCustomers: loops.reduce((n, l) => n + l.customerIds.length, 0),
      loopWindowCountMs,
      weeklyKeepMs,
      weeklyLastWeekMs,
      weeklyReportMs,
      weeklyReportRepeatMs,
      weeklyReportAfterNewSpanMs,
      weeklyReportAfterCustomersMs,
      weeklyCustomersBuckets,
      weeklyReportAfterGlobalMs,
      weeklyReportAfterRestartMs,
      conflictsWeekMs: conflictsWeek.medianMs,
      conflictsWeekFirstMs: conflictsWeek.firstMs,
      conflicts,
      pathsWeekMs: pathsWeek.medianMs,
      pathsWeekFirstMs: pathsWeek.firstMs,
      transitions,
      weekCountMs,
      rangeViewsMs,
      rangeCountMs,
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchQueries(Number(process.argv[2] ?? 1_000_000)), null, 2));
}
