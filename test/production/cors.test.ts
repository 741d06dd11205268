/**
 * CORS: off by default (no `Access-Control-*` header at all), and with `--cors-origin` a browser page from a configured
 * origin may preflight and POST to the OTLP receiver (Content-Type + Authorization) and call the API, while any other
 * origin is told nothing. Bad values are refused naming the flag.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadServeConfig } from '../../collector/config.js';
import { InMemorySpanStore } from '../../collector/store/InMemorySpanStore.js';
import { jsonRequest, jsonSpan } from '../support/otlpRequests.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

const APP = 'https://app.example.com';
const OTHER = 'https://evil.example.com';

/** A browser's preflight for a POST with the headers an OTLP exporter sends. */
function preflight(url: string, origin: string, method = 'POST', headers = 'content-type,authorization'): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });
}

function postTraces(server: TestServer, origin: string, token?: string): Promise<Response> {
  return fetch(`${server.otlpUrl}/v1/traces`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(jsonRequest([jsonSpan()])),
  });
}

const corsHeaders = (res: Response) => [...res.headers.keys()].filter((k) => k.startsWith('access-control-'));

async function withServer(flags: Parameters<typeof startTestServer>[0] = {}, body: (s: TestServer, store: InMemorySpanStore) => Promise<void>) {
  const store = new InMemorySpanStore();
  const server = await startTestServer({ store, ...flags });
  try {
    await body(server, store);
  } finally {
    await stopTestServer(server);
  }
}

describe('CORS by default', () => {
  it('sends no Access-Control-* header, for preflights or requests', async () => {
    await withServer({}, async (s, store) => {
      const pre = await preflight(`${s.otlpUrl}/v1/traces`, APP);
      expect(corsHeaders(pre)).toEqual([]);
      expect(pre.status).toBe(405);
      const post = await postTraces(s, APP);
      expect(post.status).toBe(200);
      expect(corsHeaders(post)).toEqual([]);
      expect(store.rows).toHaveLength(1);
      const api = await fetch(`${s.apiUrl}/api/health`, { headers: { origin: APP } });
      expect(api.status).toBe(200);
      expect(corsHeaders(api)).toEqual([]);
      expect(corsHeaders(await preflight(`${s.apiUrl}/api/health`, APP, 'GET', 'authorization'))).toEqual([]);
    });
  });
});

describe('CORS with --cors-origin', () => {
  let s: TestServer;
  let store: InMemorySpanStore;
  beforeAll(async () => {
    store = new InMemorySpanStore();
    s = await startTestServer({ store, flags: { corsOrigin: [`${APP},http://localhost:5173`], ingestToken: 'in', apiToken: 'api' } });
  });
  afterAll(() => stopTestServer(s));

  it('answers the OTLP preflight of a configured origin before the token check', async () => {
    const res = await preflight(`${s.otlpUrl}/v1/traces`, APP);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(['content-type', 'authorization']);
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/origin/i);
    // The second origin of the comma-separated value is allowed too.
    expect((await preflight(`${s.otlpUrl}/v1/traces`, 'http://localhost:5173')).headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('marks the POST (and its errors) readable by the page, Retry-After included', async () => {
    const ok = await postTraces(s, APP, 'in');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP);
    expect(ok.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect(store.rows).toHaveLength(1);
    const unauthorized = await postTraces(s, APP);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('tells an origin that is not configured nothing', async () => {
    const pre = await preflight(`${s.otlpUrl}/v1/traces`, OTHER);
    expect(corsHeaders(pre)).toEqual([]);
    expect(pre.status).not.toBe(204);
    const post = await postTraces(s, OTHER, 'in');
    expect(corsHeaders(post)).toEqual([]);
    expect(post.headers.get('vary')).toMatch(/origin/i);
    expect(corsHeaders(await fetch(`${s.apiUrl}/api/health`, { headers: { origin: OTHER, authorization: 'Bearer api' } }))).toEqual([]);
  });

  it('applies to the API too (GET with a bearer token)', async () => {
    const pre = await preflight(`${s.apiUrl}/api/health`, APP, 'GET', 'authorization');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP);
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET,HEAD');
    const res = await fetch(`${s.apiUrl}/api/health`, { headers: { origin: APP, authorization: 'Bearer api' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
  });
});

describe('CORS with --cors-origin *', () => {
  it('allows any origin with a wildcard', async () => {
    await withServer({ flags: { corsOrigin: ['*'] } }, async (s) => {
      const res = await preflight(`${s.otlpUrl}/v1/traces`, OTHER);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect((await postTraces(s, APP)).headers.get('access-control-allow-origin')).toBe('*');
    });
  });
});

describe('--cors-origin values', () => {
  const load = (corsOrigin: string[] | undefined, env: Record<string, string> = {}) => loadServeConfig({ corsOrigin }, env).corsOrigins;

  it('are split on commas, normalized and read from FLEXIX_CORS_ORIGIN when the flag is absent', () => {
    expect(load(undefined)).toEqual([]);
    expect(load(['https://App.Example.com/', ' http://localhost:5173 , https://b.example:8443'])).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
      'https://b.example:8443',
    ]);
    expect(load(undefined, { FLEXIX_CORS_ORIGIN: 'https://a.example,https://b.example' })).toEqual(['https://a.example', 'https://b.example']);
    expect(load(['https://flag.example'], { FLEXIX_CORS_ORIGIN: 'https://env.example' })).toEqual(['https://flag.example']);
    expect(load(['*'])).toEqual(['*']);
  });

  it('refuses anything that is not an origin, naming the flag and the value', () => {
    for (const bad of ['app.example.com', 'https://app.example.com/ui', 'ftp://app.example.com', 'https://u:p@app.example.com', 'https://a.example?x=1', '']) {
      expect(() => load([bad]), bad).toThrow(ConfigError);
      expect(() => load([bad]), bad).toThrow(/--cors-origin/);
    }
    expect(() => load(['app.example.com'])).toThrow(/"app\.example\.com" is not an origin/);
    expect(() => load(['*', 'https://a.example'])).toThrow(/--cors-origin.*\*/);
  });

  it('makes flexix serve exit with a message naming the flag before it starts', () => {
    const cli = fileURLToPath(new URL('../../collector/cli/flexix.js', import.meta.url));
    const run = spawnSync(process.execPath, [cli, 'serve', '--cors-origin', 'app.example.com', '--data', '/nonexistent/never-created'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/--cors-origin \/ FLEXIX_CORS_ORIGIN: "app\.example\.com" is not an origin/);
    const help = spawnSync(process.execPath, [cli, 'serve', '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(help.stdout).toContain('--cors-origin');
  });
});
