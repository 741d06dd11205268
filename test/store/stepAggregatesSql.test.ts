/**
 * The aggregates of customers' steps counted in ClickHouse equal what JavaScript computes from every span of the
 * range: the network map (`getDirectlyFollows`, behind `/api/paths`; per model and for both) and the journey audit
 * (`getFamilyTallies`, behind `/api/audit`, with violations, complaints and drop-offs), and reaction latency
 * (`getSignalReactions`, in `/api/change-latency`), on varied activity (acts with
 * message children, sibling acts, same-agent spans of one trace that are separate steps, command journeys,
 * simultaneous reactions, denied actions) and on customers whose steps only the exact rule gets right, which the
 * store names and the API adds back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditJourneys } from '../../collector/analysis/auditJourneys.js';
import { buildDirectlyFollowsGraph } from '../../collector/analysis/buildDirectlyFollowsGraph.js';
import { computeReactionLatency } from '../../collector/analysis/computeReactionLatency.js';
import { evaluateHandbook } from '../../collector/analysis/evaluateHandbook.js';
import { DEFAULT_PROTOCOLS_FILE } from '../../collector/config.js';
import { loadHandbookFile } from '../../collector/protocols.js';
import type { BusinessSpan } from '../../collector/analysis/BusinessSpan.js';
import { Random } from '../../engine/random.js';
import { child, event, MINUTE, span, toSpanRow, W48 } from '../fixtures/analysis/build.js';
import { customerActivity, trickySteps } from '../fixtures/analysis/variedActivity.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

let server: TestServer;
const RANGE = { fromMs: W48, toMs: W48 + 2 * 86_400_000 };
const spans: BusinessSpan[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const random = new Random(20261127);
  for (let c = 0; c < 150; c++) spans.push(...customerActivity(`c-${c}`, random, W48 + c * 7 * MINUTE));
  for (let c = 0; c < 3; c++) spans.push(...trickySteps(`tricky-${c}`, W48 + (5 + c) * 3_600_000));
  // Harm: complaints (an outcome, or an event a later promotion contradicts) and drop-offs, some of the unsure customers'.
  for (let c = 0; c < 150; c += 7) {
    const atMs = W48 + c * 7 * MINUTE + 5 * MINUTE;
    if (c % 2 === 0) spans.push(event(`c-${c}`, 'complaint.posted', atMs));
    else spans.push(span({ customerId: `c-${c}`, outcome: c % 3 === 0 ? 'dropped_off' : 'complained', startMs: atMs }));
  }
  spans.push(span({ customerId: 'tricky-1', outcome: 'complained', startMs: W48 + 6 * 3_600_000 + 150_000 }));
  // Violations without harm: a second discount within 30 days, from an agent, or as a message of a journey's step
  // (whose family, the journey, is not the message's own: the agent).
  for (let c = 3; c < 150; c += 11) {
    for (const k of [0, 1]) {
      const atMs = W48 + c * 7 * MINUTE + (6 + k) * MINUTE;
      const customerId = `c-${c}`;
      if (c % 2 === 0) {
        spans.push(span({ customerId, agent: 'pricing', model: 'network', phase: 'act', intent: 'discount_offer', startMs: atMs }));
        continue;
      }
      const step = span({ customerId, agent: 'crm', journeyId: 'winback', journeyStep: `offer-${k}`, model: 'command', phase: 'step', startMs: atMs });
      spans.push(step, child(step, { customerId, agent: 'crm', intent: 'discount_offer', startMs: atMs + 1 }));
    }
  }
  // A span that is both a signal and a message of a rule (a complaint posted with a promotion): not its own reaction.
  const both = span({ customerId: 'c-1', agent: 'social', model: 'network', phase: 'act', event: 'complaint.posted', intent: 'promote', startMs: W48 + 20 * MINUTE });
  spans.push(both, span({ customerId: 'c-1', agent: 'cms', model: 'command', phase: 'act', intent: 'promote', startMs: W48 + 21 * MINUTE }));
  await server.store.insertEncoded([server.store.encodeSpans(spans.map(toSpanRow))]);
}, 60_000);
afterAll(() => stopTestServer(server));

async function paths(query: string): Promise<unknown> {
  const res = await fetch(`${server.apiUrl}/api/paths?from=${RANGE.fromMs}&to=${RANGE.toMs}${query}`);
  expect(res.status).toBe(200);
  return res.json();
}

describe('aggregates of steps in ClickHouse', () => {
  it('names the customers whose steps it is unsure of, and counts the others', async () => {
    const { graph, unresolved } = await server.store.getDirectlyFollows!(RANGE.fromMs, RANGE.toMs);
    expect(unresolved).toEqual(expect.arrayContaining(['tricky-0', 'tricky-1', 'tricky-2']));
    const sure = spans.filter((s) => s.customerId !== undefined && !unresolved.includes(s.customerId));
    expect(graph).toEqual(buildDirectlyFollowsGraph(sure));
  });

  it('answers /api/paths as the graph of every span, per model and for both', async () => {
    for (const model of [undefined, 'command', 'network'] as const) {
      const expected = buildDirectlyFollowsGraph(model ? spans.filter((s) => s.model === model) : spans);
      expect(expected.edges.length, model).toBeGreaterThan(0);
      expect(await paths(model ? `&model=${model}` : ''), model).toEqual(JSON.parse(JSON.stringify(expected)));
    }
  });

  it('answers /api/audit as the audit of every span', async () => {
    const expected = auditJourneys(spans, evaluateHandbook(loadHandbookFile(DEFAULT_PROTOCOLS_FILE), spans, RANGE));
    for (const rate of ['conflictRate', 'complaintRate', 'dropOffRate'] as const) expect(expected.some((a) => a[rate] > 0), rate).toBe(true);
    expect(expected.find((a) => a.family === 'winback')?.conflictRate).toBe(1);
    const res = await fetch(`${server.apiUrl}/api/audit?from=${RANGE.fromMs}&to=${RANGE.toMs}`);
    expect(((await res.json()) as { journeys: unknown }).journeys).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('answers reaction latency as from every span', async () => {
    // The stored spans, whose ns times are what the fixtures' ms became.
    const stored = await server.store.getBusinessSpans(RANGE);
    const expected = computeReactionLatency(stored, loadHandbookFile(DEFAULT_PROTOCOLS_FILE));
    const complaints = expected.find((r) => r.rule === 'promo-after-complaint');
    expect(complaints?.items.find((i) => i.signal.customerId === 'c-1')?.contradictions).toBeGreaterThan(0);
    const res = await fetch(`${server.apiUrl}/api/change-latency?from=${RANGE.fromMs}&to=${RANGE.toMs}`);
    expect(((await res.json()) as { reaction: unknown }).reaction).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('counts the unsure customers as the exact rule does: their merged act is no step of its own', async () => {
    const billingToCare = (graph: unknown) =>
      (graph as { edges: Array<{ from: string; to: string; count: number }> }).edges.find((e) => e.from === 'billing' && e.to === 'care');
    const tricky = spans.filter((s) => s.customerId?.startsWith('tricky-'));
    // Each tricky customer alternates care and billing in 6 steps: billing → care twice.
    expect(billingToCare(buildDirectlyFollowsGraph(tricky))?.count).toBe(6);
    expect(billingToCare(await paths(''))?.count).toBe(billingToCare(buildDirectlyFollowsGraph(spans))?.count);
  });
});
