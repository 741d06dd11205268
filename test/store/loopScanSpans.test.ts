/**
 * The loop scan's SQL pre-selection (`getLoopScanSpans` on embedded ClickHouse) never changes the answer: on varied
 * activity — plain reactions, acts with message children, sibling acts, same-agent spans of one trace that are
 * separate steps, command journeys, simultaneous reactions, causal and inferred loops, links held by spans without a
 * customer or of another customer — the loops found from the pre-selected spans equal the loops found from every
 * loop-candidate span of the range, and the pre-selection really leaves customers out. The spans linking a candidate's
 * traces are found by the traces' first 64 bits, then checked: a trace whose id only starts the same is left out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessSpan } from '../../collector/analysis/BusinessSpan.js';
import { findFeedbackLoops, loopCandidateOptions, type FeedbackLoopOptions } from '../../collector/analysis/findFeedbackLoops.js';
import type { ClickHouseSpanStore } from '../../collector/store/ClickHouseSpanStore.js';
import { listMigrations, runMigrations } from '../../collector/store/migrations.js';
import type { SpanStore } from '../../collector/store/SpanStore.js';
import { child, cycle, MINUTE, SECOND, span, toSpanRow, W48 } from '../fixtures/analysis/build.js';
import { customerActivity, trickySteps } from '../fixtures/analysis/variedActivity.js';
import { Random } from '../../engine/random.js';
import { withSecondDatabase } from '../support/secondDatabase.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

let server: TestServer;
let store: SpanStore;
const RANGE = { fromMs: W48, toMs: W48 + 2 * 86_400_000 };
let customers = 0;
let allSpans: BusinessSpan[] = [];
/** The other customer's spans holding the links of the loop of 'relayed-links', and one that only seems to. */
const relays: BusinessSpan[] = [];
let impostor: BusinessSpan;

beforeAll(async () => {
  server = await startTestServer();
  store = server.store;
  const random = new Random(20261126);
  const spans: BusinessSpan[] = [];
  for (let c = 0; c < 240; c++) spans.push(...customerActivity(`c-${c}`, random, W48 + c * 7 * MINUTE));
  // Sure loops next to the random ones: causal and inferred, of lengths 1 to 3.
  spans.push(...cycle({ customerId: 'loop-1', agents: ['pricing'], iterations: 4, startMs: W48, stepMs: 30 * SECOND, causal: true }));
  spans.push(...cycle({ customerId: 'loop-2', agents: ['care', 'loyalty'], iterations: 3, startMs: W48, stepMs: MINUTE, causal: false }));
  spans.push(...cycle({ customerId: 'loop-3', agents: ['care', 'loyalty', 'marketing'], iterations: 12, startMs: W48, stepMs: 0, causal: true, hops: true }));
  spans.push(...trickySteps('tricky', W48 + 3 * 3_600_000));
  // A causal loop whose links are held by messaging consumer spans without a customer.
  let previousAct: BusinessSpan | undefined;
  for (let i = 0; i < 6; i++) {
    const agent = i % 2 === 0 ? 'risk' : 'chatbot';
    const t = W48 + 5 * 3_600_000 + i * MINUTE;
    const consumer = span({ name: 'receive', agent, model: 'network', startMs: t, links: previousAct ? [{ traceId: previousAct.traceId, spanId: previousAct.spanId }] : [] });
    previousAct = child(consumer, { customerId: 'consumer-links', agent, model: 'network', phase: 'act', event: 'done', startMs: t + 1 });
    spans.push(consumer, previousAct);
  }
  // The same, with the links held by spans of another customer (who has no loop).
  previousAct = undefined;
  for (let i = 0; i < 6; i++) {
    const agent = i % 2 === 0 ? 'pricing' : 'cms';
    const t = W48 + 6 * 3_600_000 + i * MINUTE;
    const relay = span({ name: 'receive', customerId: 'bystander', agent, model: 'network', startMs: t, links: previousAct ? [{ traceId: previousAct.traceId, spanId: previousAct.spanId }] : [] });
    previousAct = child(relay, { customerId: 'relayed-links', agent, model: 'network', phase: 'act', event: 'done', startMs: t + 1 });
    spans.push(relay, previousAct);
    if (relay.links.length > 0) relays.push(relay);
  }
  // A span of that other customer linking into the loop from a trace whose id starts as one of the loop's does.
  const sharedHalf = previousAct!.traceId.slice(0, 16);
  impostor = span({
    name: 'receive', customerId: 'bystander', agent: 'cms', model: 'network', startMs: W48 + 7 * 3_600_000,
    traceId: `${sharedHalf}${sharedHalf === 'f'.repeat(16) ? '0' : 'f'}${'0'.repeat(15)}`,
    links: [{ traceId: previousAct!.traceId, spanId: previousAct!.spanId }],
  });
  spans.push(impostor);
  customers = new Set(spans.map((s) => s.customerId).filter((c) => c !== undefined)).size;
  await store.insertEncoded([store.encodeSpans(spans.map(toSpanRow))]);
  allSpans = spans;
}, 120_000);
afterAll(() => stopTestServer(server));

async function compare(options: FeedbackLoopOptions): Promise<{ loopCustomers: number; scannedCustomers: number }> {
  const all = await store.getBusinessSpans({ ...RANGE, loopCandidates: true });
  const scanned = await store.getLoopScanSpans(RANGE.fromMs, RANGE.toMs, loopCandidateOptions(options));
  const expected = findFeedbackLoops(all, options);
  if (Object.keys(options).length === 0) {
    expect(expected.perCustomer.find((l) => l.customerId === 'tricky')).toMatchObject({ agents: ['billing', 'care'], iterations: 3 });
    expect(expected.perCustomer.find((l) => l.customerId === 'consumer-links')).toMatchObject({ agents: ['chatbot', 'risk'], evidence: 'causal' });
    expect(expected.perCustomer.find((l) => l.customerId === 'relayed-links')).toMatchObject({ agents: ['cms', 'pricing'], evidence: 'causal' });
  }
  expect(findFeedbackLoops(scanned, options)).toEqual(expected);
  return { loopCustomers: new Set(expected.perCustomer.map((l) => l.customerId)).size, scannedCustomers: new Set(scanned.map((s) => s.customerId)).size };
}

describe('loop scan pre-selection in ClickHouse', () => {
  it('finds exactly the loops of a full scan, from a fraction of the spans', async () => {
    const { loopCustomers, scannedCustomers } = await compare({});
    expect(loopCustomers).toBeGreaterThanOrEqual(4);
    expect(scannedCustomers).toBeLessThan(customers / 2);
  });

  it('agrees with the full scan under other thresholds', async () => {
    await compare({ minIterations: 2, maxCycleLength: 2, maxStepGapMs: 2 * MINUTE });
    await compare({ minIterations: 4, maxCycleLength: 6, maxStepGapMs: 30 * MINUTE });
    await compare({ minIterations: 1, maxCycleLength: 1 });
  });

  it('gives the same answer on parts stored before the action columns existed (an upgraded store)', async () => {
    // A second database on the same engine: the columns migrations 012 and 015 add undone (015's first: it reads
    // 012's, and 014's projection before them), the spans stored as an older version would, then migrated as an
    // upgrade does.
    const main = store as ClickHouseSpanStore;
    await withSecondDatabase(main, 'upgraded', async (old) => {
      const added = (prefix: string) =>
        [...listMigrations().find((m) => m.name.startsWith(prefix))!.template.matchAll(/ADD COLUMN IF NOT EXISTS (\w+)/g)].map((m) => m[1]!);
      const columns = [...added('015_'), ...added('012_')];
      expect(columns).toContain('ActionAgent');
      expect(columns).toContain('ActionAgentHash');
      const table = `${old.database}.flexix_business_spans`;
      await main.client.command({ query: `ALTER TABLE ${table} DROP PROJECTION handbook_spans` });
      await main.client.command({ query: `ALTER TABLE ${table} ${columns.map((c) => `DROP COLUMN ${c}`).join(', ')}` });
      await old.insertEncoded([old.encodeSpans(allSpans.map(toSpanRow))]);
      await runMigrations(main.client, { database: old.database });
      const expected = findFeedbackLoops(await store.getLoopScanSpans(RANGE.fromMs, RANGE.toMs, loopCandidateOptions()));
      expect(expected.loops.length).toBeGreaterThan(0);
      expect(findFeedbackLoops(await old.getLoopScanSpans(RANGE.fromMs, RANGE.toMs, loopCandidateOptions()))).toEqual(expected);
    });
  });

  it("passes the spans linking a candidate's traces, not a span of a trace whose id only starts the same", async () => {
    const scanned = new Map((await store.getLoopScanSpans(RANGE.fromMs, RANGE.toMs, loopCandidateOptions())).map((s) => [s.spanId, s]));
    expect(relays.length).toBeGreaterThan(0);
    for (const relay of relays) expect(scanned.get(relay.spanId)).toMatchObject({ traceId: relay.traceId, customerId: undefined });
    expect(impostor.traceId.slice(0, 16)).toBe(relays.at(-1)!.traceId.slice(0, 16));
    expect(scanned.has(impostor.spanId)).toBe(false);
  });

  it('returns nothing for a range without activity', async () => {
    expect(await store.getLoopScanSpans(W48 - 86_400_000, W48, loopCandidateOptions())).toEqual([]);
  });
});
