/**
 * The running week's figures kept per customer bucket: after spans arrive, only the buckets they changed are computed
 * again (with the buckets of customers whose traces hold a new link-holding span), and the report equals the one
 * computed from every span; a span without a customer makes the buckets of the customers it pairs with computed
 * again, or everything when it can concern any customer, as do more changed buckets than an update takes. Kept in the
 * store, they are read back after a restart and brought up to date. On embedded chDB and on the in-memory store.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessSpan } from '../../collector/analysis/BusinessSpan.js';
import { CUSTOMER_BUCKETS, customerBucket } from '../../collector/analysis/customerBucket.js';
import { isoWeekRange } from '../../collector/analysis/isoWeek.js';
import { queryWeeklyReport, type AnalysisContext } from '../../collector/query/analyses.js';
import { RunningWeekFigures } from '../../collector/query/RunningWeekFigures.js';
import { weekFiguresContextKey } from '../../collector/query/weekFiguresRecord.js';
import { InMemorySpanStore } from '../../collector/store/InMemorySpanStore.js';
import type { CustomerScope, SpanStore } from '../../collector/store/SpanStore.js';
import { parseHandbook, type Handbook } from '../../schemas/handbook.js';
import { cycle, DAY, event, HOUR, message, MINUTE, span, toSpanRow, W48 } from '../fixtures/analysis/build.js';
import { recordingStore } from '../support/recordingStore.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

const defaults = JSON.parse(readFileSync(new URL('../../schemas/protocols.default.json', import.meta.url), 'utf8')) as { rules: unknown[] };
const handbook: Handbook = parseHandbook(defaults);
const W49 = W48 + 7 * DAY;
/** Wednesday of 2026-W49, the week running. */
const NOW = W49 + 2 * DAY;
const WEEK = '2026-W49';
const range = isoWeekRange(WEEK);

/** Customers promoted an hour after an apology (a violation each), a causal loop, and a loop with no propagated context. */
function weekSpans(): BusinessSpan[] {
  const spans: BusinessSpan[] = [];
  for (let c = 0; c < 40; c++) {
    spans.push(message(`c-${c}`, 'care', 'apologize', W49 + c * MINUTE));
    spans.push(message(`c-${c}`, 'marketing', 'promote', W49 + HOUR + c * MINUTE, { outcome: 'converted' }));
  }
  spans.push(...cycle({ customerId: 'loop-causal', agents: ['care', 'loyalty'], iterations: 4, startMs: W49 + DAY, stepMs: MINUTE, causal: true }));
  spans.push(...loopInferred);
  return spans;
}
const loopInferred = cycle({ customerId: 'loop-inferred', agents: ['care', 'loyalty'], iterations: 4, startMs: W49 + DAY + HOUR, stepMs: MINUTE, causal: false });

const stores: Array<[string, () => Promise<{ store: SpanStore; stop: () => Promise<void> }>]> = [
  [
    'embedded chDB',
    async () => {
      const server: TestServer = await startTestServer({ flags: { weeklyKeepInterval: 'off' } });
      return { store: server.store, stop: () => stopTestServer(server) };
    },
  ],
  ['memory', async () => ({ store: new InMemorySpanStore(), stop: async () => {} })],
];

describe.each(stores)('running week figures (%s)', (_name, open) => {
  let store: SpanStore;
  let stop: () => Promise<void>;
  /** Which customers each weekly activity read was for. */
  let asked: unknown[];
  let running: RunningWeekFigures;
  let ctx: AnalysisContext;
  const insert = (spans: BusinessSpan[]) => store.insertEncoded([store.encodeSpans(spans.map(toSpanRow))]);
  /** The report computed from every span, nothing kept. */
  const fromSpans = () => queryWeeklyReport({ store, handbook, now: () => NOW }, WEEK);

  beforeAll(async () => {
    ({ store, stop } = await open());
    await insert(weekSpans());
    const recording = recordingStore(store, 'getWeekActivity', 3);
    asked = recording.calls;
    running = new RunningWeekFigures();
    ctx = { store: recording.store, handbook, runningWeek: running, now: () => NOW };
  }, 120_000);
  afterAll(() => stop());

  it('are computed whole first, then served unchanged while no span arrives', async () => {
    expect((await running.figures(ctx, range)).source).toBe('computed');
    const again = await running.figures(ctx, range);
    expect(again).toMatchObject({ source: 'memory', buckets: 0 });
    const report = await queryWeeklyReport(ctx, WEEK);
    expect(report.conflicts.total.current).toBe(40);
    expect(report.loops.items.map((l) => [l.customerIds, l.evidence])).toEqual([
      [['loop-causal'], 'causal'],
      [['loop-inferred'], 'inferred'],
    ]);
    expect(report).toEqual(await fromSpans());
  });

  it('compute again only the buckets of customers with new spans', async () => {
    asked.length = 0;
    const t = W49 + 2 * DAY;
    await insert([message('c-3', 'care', 'apologize', t), message('c-3', 'marketing', 'promote', t + HOUR), message('new', 'care', 'apologize', t)]);
    const result = await running.figures(ctx, range);
    expect(result.source).toBe('updated');
    expect(result.buckets).toBeLessThanOrEqual(2);
    expect(asked).toHaveLength(1);
    const { customerIds } = asked[0] as CustomerScope;
    expect(customerIds).toEqual(expect.arrayContaining(['c-3', 'new']));
    expect(customerIds!.length).toBeLessThan(10);
    const report = await queryWeeklyReport(ctx, WEEK);
    expect(report.conflicts.total.current).toBe(41);
    expect(report).toEqual(await fromSpans());
  });

  it("compute again the bucket of a customer whose traces another customer's new span links", async () => {
    const other = 'linker-7';
    expect(customerBucket(other, CUSTOMER_BUCKETS)).not.toBe(customerBucket('loop-inferred', CUSTOMER_BUCKETS));
    // A span of another customer in each step's trace, linking to the previous step: the loop becomes causal.
    const roots = loopInferred.filter((s) => s.name.endsWith('.handle'));
    const acts = loopInferred.filter((s) => s.phase === 'act');
    const linking = roots.slice(1).map((root, i) =>
      span({ customerId: other, traceId: root.traceId, parentSpanId: root.spanId, startMs: root.startMs + 1, links: [{ traceId: acts[i]!.traceId, spanId: acts[i]!.spanId }] }),
    );
    await insert(linking);
    const result = await running.figures(ctx, range);
    expect(result).toMatchObject({ source: 'updated' });
    const report = await queryWeeklyReport(ctx, WEEK);
    expect(report.loops.items.map((l) => [l.customerIds, l.evidence])).toEqual([[['loop-causal', 'loop-inferred'], 'causal']]);
    expect(report).toEqual(await fromSpans());
  });

  it('are computed whole again when more buckets changed than an update takes', async () => {
    const few = new RunningWeekFigures({ maxChangedBuckets: 1 });
    const fewCtx = { ...ctx, runningWeek: few };
    expect((await few.figures(fewCtx, range)).source).toBe('computed');
    const [a, b] = ['two-a', 'two-b'];
    expect(customerBucket(a, CUSTOMER_BUCKETS)).not.toBe(customerBucket(b, CUSTOMER_BUCKETS));
    await insert([message(a, 'care', 'apologize', W49 + DAY), message(b, 'care', 'apologize', W49 + DAY)]);
    expect(await few.figures(fewCtx, range)).toMatchObject({ source: 'computed', buckets: CUSTOMER_BUCKETS });
    expect(await queryWeeklyReport(fewCtx, WEEK)).toEqual(await fromSpans());
  });

  it('compute again the buckets of customers a new span without a customer pairs with', async () => {
    const t = W49 + 2 * DAY;
    await insert([message('stock-c', 'marketing', 'promote', t + HOUR, { subject: 'sku-9' })]);
    expect((await running.figures(ctx, range)).source).toBe('updated');
    // Out of stock before the promotion: a violation for that customer, whose own spans did not change.
    await insert([event(undefined, 'inventory.out_of_stock', t, { subject: 'sku-9' })]);
    const result = await running.figures(ctx, range);
    expect(result.source).toBe('updated');
    const report = await queryWeeklyReport(ctx, WEEK);
    expect(report.conflicts.byRule.find((r) => r.rule === 'no-promo-when-out-of-stock')?.current).toBe(1);
    expect(report).toEqual(await fromSpans());
  });

  it('are computed whole again once a span without a customer can concern any customer', async () => {
    // A sequence's `first` counts for every customer.
    await insert([event(undefined, 'kyc.passed', W49 + 2 * DAY)]);
    expect((await running.figures(ctx, range)).source).toBe('computed');
    expect(await queryWeeklyReport(ctx, WEEK)).toEqual(await fromSpans());
  });

  it('are kept in the store when due: after a whole computation, then at most every keepEveryMs', async () => {
    const keeping = new RunningWeekFigures({ keepEveryMs: 60_000 });
    expect(await keeping.keep(store)).toBe(false);
    expect((await keeping.figures(ctx, range)).source).toBe('computed');
    expect(await keeping.keep(store)).toBe(true);
    expect(await keeping.keep(store, 'changed')).toBe(false);
    await insert([message('due-1', 'care', 'apologize', W49 + DAY)]);
    expect((await keeping.figures(ctx, range)).source).toBe('updated');
    expect(await keeping.keep(store)).toBe(false);
    expect(await keeping.keep(store, 'changed')).toBe(true);
  });

  it('are read from the store after a restart, and only the buckets changed since are computed again', async () => {
    await running.figures(ctx, range);
    await running.keep(store, 'changed');
    asked.length = 0;
    await insert([message('after-restart', 'care', 'apologize', W49 + 2 * DAY), message('after-restart', 'marketing', 'promote', W49 + 2 * DAY + HOUR)]);
    const restarted = new RunningWeekFigures();
    const result = await restarted.figures({ ...ctx, runningWeek: restarted }, range);
    expect(result).toMatchObject({ source: 'updated', restored: true });
    expect(result.buckets).toBeLessThanOrEqual(2);
    expect((asked[0] as CustomerScope).customerIds).toContain('after-restart');
    expect(await queryWeeklyReport({ ...ctx, runningWeek: restarted }, WEEK)).toEqual(await fromSpans());
  });

  it('are computed whole when the kept state is of another format or damaged', async () => {
    for (const damaged of ['{"format":0}', 'not json']) {
      await store.putRunningWeekState(weekFiguresContextKey(handbook), range.fromMs, damaged);
      const restarted = new RunningWeekFigures();
      expect(await restarted.figures({ ...ctx, runningWeek: restarted }, range)).toMatchObject({ source: 'computed', restored: false });
      expect(await queryWeeklyReport({ ...ctx, runningWeek: restarted }, WEEK)).toEqual(await fromSpans());
    }
  });
});
