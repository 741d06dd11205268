/**
 * The conflict search narrowed in ClickHouse (`queryConflicts` on embedded chDB) finds exactly the violations of an
 * evaluation over every span: on random activity with every rule kind (contradictions with and without order and
 * subject, frequency, sequence, an `attributes` matcher), denied actions and global events pairing with customers'
 * messages — and it really narrows. Global spans that make a violation on their own widen the search to everyone.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessSpan } from '../../collector/analysis/BusinessSpan.js';
import { evaluateHandbook } from '../../collector/analysis/evaluateHandbook.js';
import { queryConflicts, queryWeeklyReport, type AnalysisContext } from '../../collector/query/analyses.js';
import { WeekFiguresCache } from '../../collector/query/WeekFiguresCache.js';
import type { ClickHouseSpanStore } from '../../collector/store/ClickHouseSpanStore.js';
import type { BusinessSpanQuery } from '../../collector/store/SpanStore.js';
import { conflictCandidateCustomersSql } from '../../collector/store/conflictCandidateSql.js';
import { buildWeeklyReport } from '../../collector/analysis/buildWeeklyReport.js';
import { handbookMatchers, parseHandbook, type Handbook } from '../../schemas/handbook.js';
import { cycle, DAY, event, HOUR, message, MINUTE, span, toSpanRow, W48 } from '../fixtures/analysis/build.js';
import { Random } from '../../engine/random.js';
import { recordingStore } from '../support/recordingStore.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

const defaults = JSON.parse(readFileSync(new URL('../../schemas/protocols.default.json', import.meta.url), 'utf8')) as { rules: unknown[] };
const handbook: Handbook = parseHandbook({
  rules: [
    ...defaults.rules,
    { id: 'one-vip-call-per-day', kind: 'frequency', match: { channel: 'call', attributes: { tier: 'vip' } }, max: 1, within: '24h' },
  ],
});
const RANGE = { fromMs: W48, toMs: W48 + 7 * DAY };

const INTENTS = ['promote', 'promote', 'promote', 'nurture', 'nurture', 'apologize', 'upgrade_offer', 'overbooking_apology', 'discount_offer'];
const EVENTS = ['complaint.posted', 'sentiment.negative', 'kyc.passed', 'account.opened', 'room_inventory.low'];
const SKUS = ['sku-1', 'sku-2', 'sku-3', 'sku-4', 'sku-5', 'sku-6', 'sku-7', 'sku-8'];

/** Customers' messages and events over five weeks around the range, and a few global stock events. */
function activity(random: Random): BusinessSpan[] {
  const at = () => W48 - 20 * DAY + Math.floor(random.next() * 28 * DAY);
  const spans: BusinessSpan[] = [];
  for (let c = 0; c < 300; c++) {
    const customerId = `c-${c}`;
    const n = Math.floor(random.next() * 10);
    for (let i = 0; i < n; i++) {
      const t = at();
      if (random.next() < 0.7) {
        const extra: Partial<BusinessSpan> = { subject: random.pick(SKUS) };
        if (random.next() < 0.1) Object.assign(extra, { decision: 'deny', rule: random.pick(['promo-after-apology', 'one-discount-per-30d']) });
        if (random.next() < 0.2) extra.outcome = random.pick(['converted', 'complained', 'dropped_off']);
        if (random.next() < 0.1) Object.assign(extra, { channel: 'call', attributes: { tier: 'vip' } });
        spans.push(message(customerId, random.pick(['care', 'marketing', 'loyalty']), random.pick(INTENTS), t, extra));
        // Now and then a second message soon after, so windows fill up.
        if (random.next() < 0.3) spans.push(message(customerId, 'marketing', random.pick(INTENTS), t + Math.floor(random.next() * 3 * DAY), { subject: random.pick(SKUS) }));
      } else {
        spans.push(event(customerId, random.pick(EVENTS), t, { subject: random.pick(SKUS), agent: 'crm' }));
      }
    }
  }
  for (let i = 0; i < 4; i++) spans.push(event(undefined, 'inventory.out_of_stock', at(), { subject: random.pick(SKUS), agent: 'inventory-sync' }));
  // Loops in both report weeks, a few agent actions without a customer, and changes going live.
  for (const [customerId, startMs] of [['loop-a', W48 + 2 * DAY], ['loop-b', W48 - 5 * DAY]] as const)
    spans.push(...cycle({ customerId, agents: ['care', 'loyalty'], iterations: 4, startMs, stepMs: MINUTE, causal: random.next() < 0.5 }));
  for (let i = 0; i < 5; i++) spans.push(span({ agent: 'inventory-sync', model: 'command', phase: 'step', event: 'hub.synced', startMs: at() }));
  for (let i = 0; i < 6; i++) {
    const changeId = `chg-${i}`;
    const model = i % 2 === 0 ? 'command' : 'network';
    const requested = at() - 10 * DAY;
    spans.push(span({ changeId, changeModel: model, changeTarget: 'onboarding', changeStage: 'requested', startMs: requested }));
    spans.push(span({ changeId, changeModel: model, changeTarget: 'onboarding', changeStage: 'live', startMs: requested + Math.floor(random.next() * 12 * DAY) }));
  }
  return spans;
}

let server: TestServer;
let ctx: AnalysisContext;

beforeAll(async () => {
  server = await startTestServer();
  ctx = { store: server.store, handbook };
  const spans = activity(new Random(48));
  await server.store.insertEncoded([server.store.encodeSpans(spans.map(toSpanRow))]);
}, 120_000);
afterAll(() => stopTestServer(server));

async function everySpanEvaluation(): Promise<ReturnType<typeof evaluateHandbook>> {
  const all = await ctx.store.getBusinessSpans({ fromMs: RANGE.fromMs - 31 * DAY, toMs: RANGE.toMs, withAttributes: true });
  return evaluateHandbook(handbook, all, RANGE);
}

describe('conflicts narrowed in ClickHouse', () => {
  it('equal an evaluation over every span, from a fraction of the customers', async () => {
    const expected = await everySpanEvaluation();
    expect(new Set(expected.map((v) => v.rule)).size).toBeGreaterThanOrEqual(6);
    expect(expected.some((v) => v.spans.some((s) => s.global))).toBe(true);
    expect(await queryConflicts(ctx, RANGE)).toEqual(expected);
    // Asked to split the rules' reads as for many candidates: one read still, as a rule's matcher names neither an
    // intent nor an event.
    const recording = recordingStore(ctx.store, 'getBusinessSpans');
    expect(await queryConflicts({ ...ctx, store: recording.store, splitRuleReadsFrom: 0 }, RANGE)).toEqual(expected);
    expect(recording.calls.filter((q) => (q as BusinessSpanQuery).scopes !== undefined)).toHaveLength(1);

    const globals = await ctx.store.getBusinessSpans({ fromMs: RANGE.fromMs - 31 * DAY, toMs: RANGE.toMs, customerIds: [] });
    expect(globals.length).toBeGreaterThan(0);
    const { globalPartnerWindows } = await import('../../collector/analysis/conflictCandidates.js');
    const candidates = await ctx.store.getConflictCandidateCustomers(handbook, RANGE, globalPartnerWindows(handbook, globals, RANGE));
    expect(candidates!.size).toBeLessThan(300 / 2);
    // Each violation's customer is a candidate for its rule.
    for (const v of expected) expect(candidates!.get(v.customerId)).toContain(handbook.rules.findIndex((r) => r.id === v.rule));
  });

  it('read the intent and event projection when every matcher names an intent or event, with the same answer', async () => {
    const keyed = parseHandbook(defaults);
    const keyedCtx: AnalysisContext = { store: ctx.store, handbook: keyed };
    const all = await ctx.store.getBusinessSpans({ fromMs: RANGE.fromMs - 31 * DAY, toMs: RANGE.toMs });
    const expected = evaluateHandbook(keyed, all, RANGE);
    expect(expected.length).toBeGreaterThan(50);
    expect(await queryConflicts(keyedCtx, RANGE)).toEqual(expected);
    // The same with the rules' spans read in two groups, as for many candidates.
    const recording = recordingStore(ctx.store, 'getBusinessSpans');
    expect(await queryConflicts({ ...keyedCtx, store: recording.store, splitRuleReadsFrom: 0 }, RANGE)).toEqual(expected);
    expect(recording.calls.filter((q) => (q as BusinessSpanQuery).scopes !== undefined)).toHaveLength(2);

    const store = ctx.store as ClickHouseSpanStore;
    const plan = async (h: Handbook) => {
      const q = conflictCandidateCustomersSql(`\`${store.database}\``, h, RANGE, []);
      return (await store.client.query({ query: `EXPLAIN projections = 1 ${q.sql}`, query_params: q.params, format: 'TabSeparated' })).text();
    };
    // ClickHouse reads the projection where it has fewer granules to read than the table (at 10M spans: 160 of 1,243);
    // in this small store every part is one granule either way, so the plan says it is usable.
    expect(await plan(keyed)).toMatch(/ReadFromMergeTree \(handbook_spans\)|Projection handbook_spans is usable/);
    // The test handbook's last rule matches a channel and an attribute: any intent or event, so the table is read.
    expect(await plan(handbook)).not.toContain('handbook_spans');
  });

  it('give the weekly report of an evaluation over every span', async () => {
    const all = await ctx.store.getBusinessSpans({ fromMs: RANGE.fromMs - 60 * DAY, toMs: RANGE.toMs, withAttributes: true });
    const expected = buildWeeklyReport(all, all.filter((s) => s.startMs < RANGE.fromMs), handbook, '2026-W48');
    expect(expected.loops.total.current).toBeGreaterThan(0);
    expect(expected.loops.total.previous).toBeGreaterThan(0);
    expect(expected.changes.live.current + expected.changes.live.previous).toBeGreaterThan(0);
    expect(expected.denials.total.current).toBeGreaterThan(0);
    expect(expected.outcomes.length).toBeGreaterThan(0);
    expect(await queryWeeklyReport(ctx, '2026-W48')).toEqual(expected);
  });

  it('look at every customer when global spans alone make a violation', async () => {
    // An account opened for nobody in particular, with no identity check: a sequence violation for everyone.
    const opened = event(undefined, 'account.opened', RANGE.fromMs + 3 * DAY + 5 * HOUR + MINUTE, { agent: 'core-banking' });
    await ctx.store.insertEncoded([ctx.store.encodeSpans([toSpanRow(opened)])]);
    const expected = await everySpanEvaluation();
    const actual = await queryConflicts(ctx, RANGE);
    // Violations with a customer's own span are the same; the one made of the global span alone is reported for every
    // customer with a span some rule matches in the range.
    const own = (vs: typeof expected) => vs.filter((v) => v.spans.some((s) => !s.global));
    expect(own(actual)).toEqual(own(expected));
    const reported = new Set(actual.filter((v) => v.rule === 'kyc-before-account' && v.spans[0]?.global).map((v) => v.customerId));
    const inRange = await ctx.store.getBusinessSpans({ ...RANGE, matching: handbookMatchers(handbook) });
    const before = await ctx.store.getBusinessSpans({ fromMs: RANGE.fromMs - 31 * DAY, toMs: opened.startMs + 1, matching: [{ event: 'kyc.passed' }] });
    const verified = new Set(before.map((s) => s.customerId));
    const unverified = new Set(inRange.map((s) => s.customerId).filter((c) => c !== undefined && !verified.has(c)));
    expect(unverified.size).toBeGreaterThan(100);
    for (const customerId of unverified) expect(reported).toContain(customerId);
  });

  it('reuse a week computed before while its spans are unchanged, and not once a span arrives in it or its look-back', async () => {
    const { store: counting, calls: computed } = recordingStore(server.store, 'getWeekActivity');
    const cached: AnalysisContext = { store: counting, handbook, weekCache: new WeekFiguresCache() };
    const first = await queryWeeklyReport(cached, '2026-W48');
    expect(first).toEqual(await queryWeeklyReport(ctx, '2026-W48'));
    expect([...computed].sort((a, b) => Number(a) - Number(b))).toEqual([RANGE.fromMs - 7 * DAY, RANGE.fromMs]);
    expect(await queryWeeklyReport(cached, '2026-W48')).toEqual(first);
    expect(computed).toHaveLength(2);

    // A promotion right after an apology in the week: only the week is computed again (its previous week is unchanged).
    const t = RANGE.fromMs + 4 * DAY;
    const late = [message('late-1', 'care', 'apologize', t), message('late-1', 'marketing', 'promote', t + HOUR)];
    await ctx.store.insertEncoded([ctx.store.encodeSpans(late.map(toSpanRow))]);
    const second = await queryWeeklyReport(cached, '2026-W48');
    expect(computed.slice(2)).toEqual([RANGE.fromMs]);
    expect(second.conflicts.total.current).toBeGreaterThan(first.conflicts.total.current);
    expect(second).toEqual(await queryWeeklyReport(ctx, '2026-W48'));

    // A span in the previous week changes that week, and the current week's look-back.
    await ctx.store.insertEncoded([ctx.store.encodeSpans([toSpanRow(message('late-2', 'care', 'nurture', RANGE.fromMs - 2 * DAY))])]);
    await queryWeeklyReport(cached, '2026-W48');
    expect(computed).toHaveLength(5);

    // Weeks without spans (nor any in their look-back) are empty without being computed.
    expect(await queryWeeklyReport(cached, '2025-W10')).toEqual(await queryWeeklyReport(ctx, '2025-W10'));
    expect(computed).toHaveLength(5);
  });
});
