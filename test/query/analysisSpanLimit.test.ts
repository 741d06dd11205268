/**
 * `--max-analysis-spans`: an API analysis whose range holds more spans than the limit is answered 422 with a message
 * naming the range and the flag, before the spans fill the collector's memory; the collector stays up, keeps
 * ingesting, and answers a narrower range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_MAX_ANALYSIS_SPANS, loadServeConfig } from '../../collector/config.js';
import { jsonRequest, jsonSpan, postJson, randomHex } from '../support/otlpRequests.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

const LIMIT = 300;
const SPANS = 400;
const BASE_MS = Date.UTC(2026, 10, 2, 12);
const AGENTS = ['loyalty-agent', 'chatbot', 'cms-agent'];

/** The i-th action span: 20 customers acting in turn, one second apart, agents in rotation. */
function action(i: number): Record<string, unknown> {
  const startNs = BigInt(BASE_MS + i * 1000) * 1_000_000n;
  return jsonSpan({
    traceId: randomHex(16),
    startTimeUnixNano: String(startNs),
    endTimeUnixNano: String(startNs + 1_000_000n),
    attributes: [
      { key: 'flexix.customer.id', value: { stringValue: `cust-${i % 20}` } },
      { key: 'flexix.agent', value: { stringValue: AGENTS[Math.floor(i / 20) % AGENTS.length] } },
      { key: 'flexix.model', value: { stringValue: 'network' } },
      { key: 'flexix.phase', value: { stringValue: 'act' } },
    ],
  });
}

let server: TestServer;

/** The fields of the answers these tests read. */
type Body = { error?: string; edges?: unknown[]; journeys?: unknown[]; loops?: unknown[]; spans?: number };

async function get(path: string): Promise<{ status: number; body: Body }> {
  const res = await fetch(`${server.apiUrl}${path}`);
  return { status: res.status, body: (await res.json()) as Body };
}

beforeAll(async () => {
  server = await startTestServer({ flags: { maxAnalysisSpans: String(LIMIT), weeklyKeepInterval: 'off' } });
  const res = await postJson(server.otlpUrl, jsonRequest(Array.from({ length: SPANS }, (_, i) => action(i))));
  expect(res.status).toBe(200);
}, 60_000);
afterAll(() => stopTestServer(server));

describe('--max-analysis-spans', () => {
  const wide = `from=${BASE_MS}&to=${BASE_MS + SPANS * 1000}`;

  it('answers 422 naming the range and the limit when an analysis would load more spans', async () => {
    // The loop scan reads the spans of the customers who can loop (every customer here: agents in rotation), stopped
    // one span past the limit.
    const { status, body } = await get(`/api/loops?${wide}`);
    expect(status).toBe(422);
    expect(body.error).toMatch(/^from\/to: .*more than 300 spans.*--max-analysis-spans/);
  });

  it('draws the network map and audits the journeys of any range: ClickHouse counts the steps, no span is loaded', async () => {
    const paths = await get(`/api/paths?${wide}`);
    expect(paths.status).toBe(200);
    // 20 customers, 20 actions each: 19 transitions per customer.
    expect((paths.body.edges as Array<{ count: number }>).reduce((n, e) => n + e.count, 0)).toBe(SPANS - 20);
    const audit = await get(`/api/audit?${wide}`);
    expect(audit.status).toBe(200);
    expect((audit.body.journeys as Array<{ customers: number }>).map((j) => j.customers)).toEqual([20, 20, 20]);
  });

  it('stays up and keeps every span it ingests after refusing', async () => {
    await get(`/api/loops?${wide}`);
    const res = await postJson(server.otlpUrl, jsonRequest([action(SPANS)]));
    expect(res.status).toBe(200);
    expect((await get('/api/health')).body.spans).toBe(SPANS + 1);
  });

  it('answers a range holding fewer spans than the limit', async () => {
    const narrow = `from=${BASE_MS}&to=${BASE_MS + 200 * 1000}`;
    const paths = await get(`/api/paths?${narrow}`);
    expect(paths.status).toBe(200);
    expect(paths.body.edges!.length).toBeGreaterThan(0);
    const loops = await get(`/api/loops?${narrow}`);
    expect(loops.status).toBe(200);
    expect(loops.body.loops!.length).toBeGreaterThan(0);
  });

  it('defaults to a million spans, takes 0 for no limit, and names the flag when the value is wrong', () => {
    expect(loadServeConfig({}, {}).maxAnalysisSpans).toBe(DEFAULT_MAX_ANALYSIS_SPANS);
    expect(loadServeConfig({ maxAnalysisSpans: '0' }, {}).maxAnalysisSpans).toBe(0);
    expect(() => loadServeConfig({ maxAnalysisSpans: '-1' }, {})).toThrow(ConfigError);
    expect(() => loadServeConfig({ maxAnalysisSpans: 'many' }, {})).toThrow(/--max-analysis-spans: expected a number/);
  });
});
