/**
 * UI benchmark: time to interactive of the chain explorer on a 5,000-node causal chain, in Debian's Chromium. The UI
 * is built with Vite, served from its build directory and fed a generated chain through request interception, so the
 * figure measures the browser side alone: JS start, JSON parse, layout and first canvas frame with zoom attached.
 * Run alone: `node --import tsx bench/ui.ts`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import type { CausalChain, ChainEdge, ChainNode } from '../collector/analysis/buildCausalDag.js';
import type { StoredSpan } from '../ui/src/api.js';

/** Debian's Chromium (the `chromium` package), as CI installs it. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Flags for headless runs in containers. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** Trace id of the generated chain. */
export const SYNTHETIC_TRACE_ID = 'b0' + '0'.repeat(30);
/** Name of the `performance.mark` the chain explorer sets when the chain is drawn and zoomable. */
export const CHAIN_READY_MARK = 'flexix:chain-ready';

const UI_ROOT = fileURLToPath(new URL('../ui/', import.meta.url));
const SPANS_PER_TRACE = 20;
const AGENTS = ['supplier-feed', 'inventory-agent', 'loyalty-agent', 'marketing-agent', 'care-agent', 'risk-engine', 'holiday-promo', 'nurture-agent'];

/** A small deterministic generator (mulberry32), so every run draws the same chain. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * A chain of `nodes` spans shaped like agents reacting to each other: traces of 20 spans (parent/child), each trace
 * started by a link to a span of an earlier trace, some extra links, some `context_read` links, and a link back every
 * 500 spans so the chain has cycles (what crashes tree-only trace viewers).
 */
export function syntheticChain(nodes = 5000, seed = 7): CausalChain {
  const rnd = random(seed);
  const t0 = Date.UTC(2026, 10, 2, 8);
  const list: ChainNode[] = [];
  const edges: ChainEdge[] = [];
  const cycles: string[][] = [];
  for (let i = 0; i < nodes; i++) {
    const trace = Math.floor(i / SPANS_PER_TRACE);
    const first = trace * SPANS_PER_TRACE;
    const agent = AGENTS[(trace + (i - first > 0 ? 1 : 0)) % AGENTS.length]!;
    const startMs = t0 + i * 1000;
    const node: ChainNode = {
      traceId: i === 0 ? SYNTHETIC_TRACE_ID : hex(trace + 1, 32),
      spanId: hex(i + 1, 16),
      parentSpanId: '',
      agent,
      model: trace % 3 === 0 ? 'command' : 'network',
      name: `${agent}.act`,
      serviceName: agent,
      start: new Date(startMs).toISOString(),
      startMs,
      durationNs: 5_000_000,
      customerId: `c-${trace % 97}`,
    };
    if (i % 7 === 3) Object.assign(node, { intent: 'promote', channel: 'email', subject: `sku-${trace % 13}` });
    list.push(node);
    const edge = (from: ChainNode, kind: ChainEdge['kind'], extra: Partial<ChainEdge> = {}) =>
      edges.push({ from: from.spanId, to: node.spanId, kind, fromTraceId: from.traceId, toTraceId: node.traceId, causal: true, ...extra });
    if (i > first) {
      const parent = list[first + Math.floor(rnd() * (i - first))]!;
      node.parentSpanId = parent.spanId;
      node.traceId = list[first]!.traceId;
      edge(parent, 'parent');
    } else if (i > 0) edge(list[Math.floor(rnd() * i)]!, 'link');
    if (i > 0 && rnd() < 0.05) edge(list[Math.floor(rnd() * i)]!, 'link', { linkType: 'context_read', causal: false });
    if (i > 0 && i % 500 === 0) {
      // A link to a later span makes the earlier span's trace depend on this one: a cycle.
      const target = list[i - 250]!;
      edges.push({ from: node.spanId, to: target.spanId, kind: 'link', fromTraceId: node.traceId, toTraceId: target.traceId, causal: true, cycle: true });
      cycles.push([target.spanId, node.spanId]);
    }
  }
  return { nodes: list, edges, truncated: false, cycles, totalSpans: nodes };
}

/** Builds the UI into `outDir` with the project's Vite config. */
export async function buildUi(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ root: UI_ROOT, configFile: join(UI_ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
}

/** The span-details answer (`GET /api/spans/:traceId/:spanId`) for a generated node. */
function storedSpanOf(node: ChainNode): StoredSpan {
  const attributes: Record<string, unknown> = { 'flexix.agent': node.agent, 'flexix.model': node.model, 'flexix.customer.id': node.customerId };
  if (node.intent !== undefined) Object.assign(attributes, { 'flexix.message.intent': node.intent, 'flexix.message.channel': node.channel, 'flexix.message.subject': node.subject });
  return {
    traceId: node.traceId,
    spanId: node.spanId,
    parentSpanId: node.parentSpanId,
    name: node.name,
    kind: 'Internal',
    serviceName: node.serviceName,
    start: node.start,
    durationNs: node.durationNs,
    status: 'Unset',
    statusMessage: '',
    attributes,
    resource: { 'service.name': node.serviceName },
    scope: { name: 'bench', version: '1' },
    events: [],
    links: [],
  };
}

/**
 * Serves a chain for one trace id, and the details of its spans, to the page (request interception): the chain
 * explorer fetches them like any other.
 */
export async function serveChain(page: Page, chain: CausalChain, traceId = SYNTHETIC_TRACE_ID): Promise<void> {
  const body = JSON.stringify(chain);
  const bySpanId = new Map(chain.nodes.map((n) => [n.spanId, n]));
  await page.route(`**/api/chains/trace/${traceId}`, (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
  await page.route('**/api/spans/*/*', (route) => {
    const node = bySpanId.get(new URL(route.request().url()).pathname.split('/').pop() ?? '');
    // Spans of other chains go to the real server.
    return node ? route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(storedSpanOf(node)) }) : route.fallback();
  });
}

/**
 * Opens the chain explorer at `url` in a fresh document and returns the time from navigation start to interactive
 * (the chain explorer's {@link CHAIN_READY_MARK}), in ms.
 */
export async function measureChainRender(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForSelector('#view[data-chain-ready]', { timeout: 30_000 });
  return page.evaluate((mark) => performance.getEntriesByName(mark)[0]?.startTime ?? Number.NaN, CHAIN_READY_MARK);
}

/** Loads the chain explorer with a generated 5,000-node chain; the median of 3 cold page loads. */
export async function benchUiChain(options: { uiDir?: string; nodes?: number } = {}): Promise<{ nodes: number; ms: number }> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`UI benchmark needs Chromium at ${CHROMIUM_PATH} (Debian package "chromium")`);
  const nodes = options.nodes ?? 5000;
  const tempDir = options.uiDir ? undefined : mkdtempSync(join(tmpdir(), 'flexix-ui-bench-'));
  const uiDir = options.uiDir ?? tempDir!;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    if (tempDir) await buildUi(tempDir);
    const chain = syntheticChain(nodes);
    const origin = 'http://flexix.bench';
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      // Static files straight from the build directory; no server needed.
      await page.route(`${origin}/**`, (route) => {
        const path = new URL(route.request().url()).pathname;
        return route.fulfill({ path: join(uiDir, path === '/' ? 'index.html' : path) });
      });
      await serveChain(page, chain);
      times.push(await measureChainRender(page, `${origin}/#/chain?trace=${SYNTHETIC_TRACE_ID}`));
      await context.close();
    }
    times.sort((a, b) => a - b);
    return { nodes, ms: times[1]! };
  } finally {
    await browser.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchUiChain();
  console.log(`ui: chain explorer, ${r.nodes.toLocaleString('en')}-node chain, time to interactive ${Math.round(r.ms)} ms (median of 3 cold loads)`);
}
