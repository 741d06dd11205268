/** `/metrics` tells how long the query API takes, per route template and status, refused requests included. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';
import { parseExposition } from './exposition.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ flags: { weeklyKeepInterval: 'off' } });
});
afterAll(() => stopTestServer(server));

describe('query API metrics', () => {
  it('counts requests by route template and status code, with their duration', async () => {
    const get = (path: string) => fetch(`${server.apiUrl}${path}`).then((r) => r.status);
    expect(await get('/api/loops')).toBe(200);
    expect(await get('/api/loops?from=soon')).toBe(400);
    expect(await get('/api/chains/trace/0123456789abcdef0123456789abcdef')).toBe(404);
    expect(await get('/api/chains/trace/fedcba98765432100123456789abcdef')).toBe(404);
    expect(await get('/api/nope')).toBe(404);
    const samples = parseExposition(await (await fetch(`${server.apiUrl}/metrics`)).text());
    const count = (route: string, code: string) =>
      samples.find((s) => s.name === 'flexix_api_request_duration_seconds_count' && s.labels.route === route && s.labels.code === code)?.value;
    expect(count('/api/loops', '200')).toBe(1);
    expect(count('/api/loops', '400')).toBe(1);
    // Two trace ids, one series: the label is the route's template, not the path.
    expect(count('/api/chains/trace/:traceId', '404')).toBe(2);
    expect(count('unmatched', '404')).toBe(1);
    const loopsSeconds = samples.find((s) => s.name === 'flexix_api_request_duration_seconds_sum' && s.labels.route === '/api/loops' && s.labels.code === '200');
    expect(loopsSeconds?.value).toBeGreaterThan(0);
  });
});
