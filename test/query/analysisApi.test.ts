/**
 * The analysis endpoints on embedded ClickHouse, filled by the engine's scenarios through the real OTLP path: each
 * phenomenon the scenarios reproduce is visible through the API, and every parameter is validated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditJourneys } from '../../collector/analysis/auditJourneys.js';
import { buildDirectlyFollowsGraph } from '../../collector/analysis/buildDirectlyFollowsGraph.js';
import { computeReactionLatency } from '../../collector/analysis/computeReactionLatency.js';
import { evaluateHandbook } from '../../collector/analysis/evaluateHandbook.js';
import { DEFAULT_PROTOCOLS_FILE } from '../../collector/config.js';
import { loadHandbookFile } from '../../collector/protocols.js';
import { isoWeekOf } from '../../collector/analysis/isoWeek.js';
import { simulate } from '../../engine/simulate.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

let server: TestServer;
const DAY = 86_400_000;
// A fixed virtual start keeps the figures independent of the day the tests run.
const START = Date.UTC(2026, 10, 2);
const END = START + 35 * DAY;
const range = `from=${START}&to=${END}`;

beforeAll(async () => {
  server = await startTestServer();
  await simulate({ scenario: 'all', customers: 40, days: 35, seed: 7, startMs: START, endpoint: server.otlpUrl });
}, 180_000);
afterAll(() => stopTestServer(server));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field below
async function get(path: string): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(`${server.apiUrl}${path}`);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

describe('analysis API on scenario data', () => {
  it('finds promos sent after the out-of-stock event (retail, command mode)', async () => {
    const { status, body } = await get(`/api/conflicts?${range}`);
    expect(status).toBe(200);
    const promos = body.conflicts.filter((c: { rule: string }) => c.rule === 'no-promo-when-out-of-stock');
    expect(promos.length).toBeGreaterThan(0);
    expect(promos[0].spans.length).toBeGreaterThanOrEqual(2);
    expect(promos[0]).toMatchObject({ kind: 'contradiction', customerId: expect.any(String) });
  });

  it('limits conflicts to one customer on request', async () => {
    const all = (await get(`/api/conflicts?${range}`)).body.conflicts;
    const customerId = all[0].customerId;
    const mine = (await get(`/api/conflicts?${range}&customer=${encodeURIComponent(customerId)}`)).body.conflicts;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c: { customerId: string }) => c.customerId === customerId)).toBe(true);
  });

  it('flags the runaway loop with its agents in cycle order', async () => {
    const { body } = await get(`/api/loops?${range}`);
    const runaway = body.loops.filter((l: { runaway: boolean; agents: string[] }) => l.runaway && l.agents.includes('marketing-agent'));
    expect(runaway.length).toBeGreaterThan(0);
    const loop = runaway[0];
    expect(loop.agents.length).toBeGreaterThanOrEqual(2);
    expect(loop.agents[0]).toBe([...loop.agents].sort()[0]);
    expect(loop.iterations).toBeGreaterThanOrEqual(10);
    expect(['causal', 'inferred']).toContain(loop.evidence);
    expect(loop.traceIds.length).toBeGreaterThan(0);
  });

  it('shows command changes taking weeks and network changes hours', async () => {
    const { body } = await get(`/api/change-latency?from=${START - 120 * DAY}&to=${END}`);
    expect(body.command.count).toBeGreaterThan(0);
    expect(body.network.count).toBeGreaterThan(0);
    expect(body.command.p50Ms).toBeGreaterThan(7 * DAY);
    expect(body.network.p50Ms).toBeLessThan(DAY);
    expect(body.changes[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), model: expect.any(String), leadTimeMs: expect.any(Number) }),
    );
  });

  it('measures reaction latency as from every span', async () => {
    const every = await server.store.getBusinessSpans({ fromMs: START - 120 * DAY, toMs: END });
    const expected = computeReactionLatency(every, loadHandbookFile(DEFAULT_PROTOCOLS_FILE));
    expect(expected.some((r) => r.items.length > 0)).toBe(true);
    const { body } = await get(`/api/change-latency?from=${START - 120 * DAY}&to=${END}`);
    expect(body.reaction).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('serves the weekly report as JSON and Markdown', async () => {
    const week = isoWeekOf(START + 10 * DAY);
    const json = await get(`/api/reports/weekly?week=${week}`);
    expect(json.status).toBe(200);
    expect(json.body.week).toBe(week);
    const md = await get(`/api/reports/weekly?week=${week}&format=md`);
    expect(md.status).toBe(200);
    expect(md.text).toContain(week);
    expect(md.text).toMatch(/\|.*\|/);
  });

  it('lists customers, their timelines, paths, the audit and single spans', async () => {
    const customers = (await get(`/api/customers?${range}&limit=5`)).body.customers;
    expect(customers.length).toBe(5);
    const timeline = (await get(`/api/customers/${encodeURIComponent(customers[0].customerId)}/timeline?${range}`)).body;
    expect(timeline.spans.length).toBeGreaterThan(0);
    const node = timeline.spans[0];
    const span = await get(`/api/spans/${node.traceId}/${node.spanId}`);
    expect(span.status).toBe(200);
    expect(span.body.attributes).toBeTypeOf('object');
    const paths = (await get(`/api/paths?${range}&model=network`)).body;
    expect(paths.edges.length).toBeGreaterThan(0);
    const audit = (await get(`/api/audit?${range}`)).body.journeys;
    expect(audit.length).toBeGreaterThan(0);
    expect(audit[0]).toHaveProperty('recommendation');
  });

  it('draws the network map from action spans alone, as the graph of every span of the range is', async () => {
    const every = await server.store.getBusinessSpans({ fromMs: START, toMs: END });
    for (const model of ['command', 'network'] as const) {
      const expected = buildDirectlyFollowsGraph(every.filter((s) => s.model === model));
      expect(expected.edges.length, model).toBeGreaterThan(0);
      expect((await get(`/api/paths?${range}&model=${model}`)).body, model).toEqual(JSON.parse(JSON.stringify(expected)));
    }
  });

  it('audits the journeys as the evaluation of every span does', async () => {
    const every = await server.store.getBusinessSpans({ fromMs: START - 30 * DAY, toMs: END });
    const handbook = loadHandbookFile(DEFAULT_PROTOCOLS_FILE);
    const expected = auditJourneys(
      every.filter((s) => s.startMs >= START),
      evaluateHandbook(handbook, every, { fromMs: START, toMs: END }),
    );
    expect(expected.some((a) => a.conflictRate > 0)).toBe(true);
    expect(expected.some((a) => a.complaintRate > 0 || a.dropOffRate > 0)).toBe(true);
    expect((await get(`/api/audit?${range}`)).body.journeys).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('describes itself in OpenAPI', async () => {
    const { body } = await get('/api/openapi.json');
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/conflicts', '/api/loops', '/api/change-latency', '/api/reports/weekly']));
  });

  it('names the parameter that is wrong', async () => {
    expect((await get('/api/reports/weekly')).body.error).toMatch(/^week: /);
    expect((await get('/api/reports/weekly?week=2026-48')).body.error).toMatch(/^week: /);
    for (const week of ['0001-W01', '9999-W01']) {
      const res = await get(`/api/reports/weekly?week=${week}`);
      expect(res.status, week).toBe(400);
      expect(res.body.error).toMatch(/^week: year \d+ is outside the years whose weeks the store can hold \(1901 to 2261\)/);
    }
    expect((await get('/api/reports/weekly?week=2026-W48&format=pdf')).body.error).toMatch(/^format: /);
    expect((await get('/api/loops?to=soon')).body.error).toMatch(/^to: /);
    // Epoch milliseconds past what a timestamp of the store holds (or a JavaScript date) are refused, not a 500.
    for (const [query, name] of [['from=0&to=99999999999999999', 'to'], ['from=9000000000000000', 'from'], ['from=1800-01-01', 'from']] as const) {
      const res = await get(`/api/loops?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toMatch(new RegExp(`^${name}: .* outside the times the store holds \\(1900-01-01T00:00:00.000Z to 2262-04-11T23:47:16.000Z\\)`));
    }
    expect((await get('/api/paths?model=hybrid')).body.error).toMatch(/^model: /);
    expect((await get('/api/spans/abc/def')).status).toBe(400);
  });
});
