/**
 * The query API and UI (CONTRACT §4): JSON endpoints under `/api`, the built UI at `/`. Every parameter is validated;
 * errors are `{ "error": "<what is wrong, naming the parameter>" }` with a 4xx status.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler, type Request } from 'express';
import { BadRequestError, HttpError, NotFoundError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Handbook } from '../../schemas/handbook.js';
import type { SpanRow } from '../../schemas/span.js';
import { InvalidWeekError } from '../analysis/isoWeek.js';
import { renderWeeklyReportMarkdown } from '../analysis/renderWeeklyReportMarkdown.js';
import {
  queryAudit,
  queryChangeLatency,
  queryConflicts,
  queryLoops,
  queryPaths,
  queryTimeline,
  queryWeeklyReport,
  type AnalysisContext,
} from '../query/analyses.js';
import { CHAIN_NODE_CAP, loadChain } from '../query/chains.js';
import { RunningWeekFigures } from '../query/RunningWeekFigures.js';
import { WeekFiguresCache } from '../query/WeekFiguresCache.js';
import { parseTimeRange } from '../query/timeRange.js';
import type { FlexixMetrics } from '../metrics/index.js';
import { OPENAPI_DOCUMENT } from './openapi.js';
import type { SpanStore } from '../store/SpanStore.js';
import { bearerAuth } from './bearerAuth.js';
import { corsMiddleware } from './cors.js';

/** Dependencies of the API. */
export interface ApiAppOptions {
  store: SpanStore;
  logger: Logger;
  /** The protocol handbook conflicts are evaluated against. */
  handbook: Handbook;
  /** Serves `GET /metrics` (Prometheus text) when given. */
  metrics?: FlexixMetrics;
  /** Current time in epoch ms (injected so tests control the default time range). */
  now?: () => number;
  apiToken?: string;
  /** Origins allowed cross-origin access (a UI or dashboard served elsewhere); none = no CORS headers. */
  corsOrigins?: readonly string[];
  /** Directory of the built UI; a placeholder page is served when it does not exist. */
  uiDir?: string;
  /** The running week's figures, shared with the background pass that keeps them up to date (default: the API's own). */
  runningWeek?: RunningWeekFigures;
}

const DEFAULT_UI_DIR = fileURLToPath(new URL('../../ui/dist/', import.meta.url));
const TRACE_ID = /^[0-9a-fA-F]{32}$/;
const SPAN_ID = /^[0-9a-fA-F]{16}$/;

function traceIdParam(value: unknown): string {
  const id = String(value);
  if (!TRACE_ID.test(id)) throw new BadRequestError(`traceId: "${id}" is not a trace id (32 hex digits)`);
  return id.toLowerCase();
}

function modelParam(req: Request): 'command' | 'network' | undefined {
  const model = stringParam(req, 'model');
  if (model === undefined || model === 'command' || model === 'network') return model;
  throw new BadRequestError(`model: expected "command" or "network", got "${model}"`);
}

function stringParam(req: Request, name: string, required: true): string;
function stringParam(req: Request, name: string, required?: false): string | undefined;
function stringParam(req: Request, name: string, required = false): string | undefined {
  const v = req.query[name];
  if (v === undefined || v === '') {
    if (required) throw new BadRequestError(`${name}: required parameter is missing`);
    return undefined;
  }
  if (typeof v !== 'string') throw new BadRequestError(`${name}: expected a single value`);
  return v;
}

function intParam(req: Request, name: string, min: number, max: number, fallback: number): number {
  const v = stringParam(req, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new BadRequestError(`${name}: expected an integer from ${min} to ${max}, got "${v}"`);
  return n;
}

/** The full stored span, as the chain explorer's details panel shows it. */
function spanDetails(row: SpanRow) {
  const iso = (ns: bigint) => new Date(Number(ns / 1_000_000n)).toISOString();
  return {
    traceId: row.traceId,
    spanId: row.spanId,
    parentSpanId: row.parentSpanId,
    name: row.spanName,
    kind: row.spanKind,
    serviceName: row.serviceName,
    start: iso(row.timestampNs),
    startNs: row.timestampNs.toString(),
    durationNs: Number(row.durationNs),
    status: row.statusCode,
    statusMessage: row.statusMessage,
    traceState: row.traceState,
    attributes: row.spanAttributes,
    resource: row.resourceAttributes,
    scope: { name: row.scopeName, version: row.scopeVersion },
    events: row.events.map((e) => ({ time: iso(e.timestampNs), name: e.name, attributes: e.attributes })),
    links: row.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, traceState: l.traceState, attributes: l.attributes })),
  };
}

/** Creates the API + UI app. */
export function createApiApp(opts: ApiAppOptions): express.Express {
  const { store, logger } = opts;
  const now = opts.now ?? Date.now;
  const ctx: AnalysisContext = {
    store,
    handbook: opts.handbook,
    weekCache: new WeekFiguresCache(),
    runningWeek: opts.runningWeek ?? new RunningWeekFigures(),
    now,
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('json replacer', (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  // Before the token check: a preflight never carries the Authorization header its request will.
  app.use(corsMiddleware(opts.corsOrigins ?? [], { methods: ['GET', 'HEAD'] }));

  // Outside `/api` and its token: Prometheus scrapers rarely carry bearer tokens, and metrics hold no span data.
  if (opts.metrics) app.get('/metrics', opts.metrics.metricsHandler());

  const api = express.Router();
  const metrics = opts.metrics;
  if (metrics) {
    // Every request, refused ones included, by the template of the route that answered it (bounded label values).
    api.use((req, res, next) => {
      const started = performance.now();
      res.on('finish', () => {
        const route = req.route ? `/api${String(req.route.path)}` : 'unmatched';
        metrics.observeApiRequest(route, res.statusCode, performance.now() - started);
      });
      next();
    });
  }
  api.use(bearerAuth(opts.apiToken));

  api.get('/health', async (_req, res) => {
    res.json({ status: 'ok', storage: store.kind === 'memory' ? 'embedded' : store.kind, spans: await store.countSpans() });
  });

  api.get('/chains/trace/:traceId', async (req, res) => {
    const traceId = traceIdParam(req.params.traceId);
    const limit = intParam(req, 'limit', 1, CHAIN_NODE_CAP.max, CHAIN_NODE_CAP.default);
    const chain = await loadChain(store, [traceId], limit);
    if (chain.nodes.length === 0) throw new NotFoundError(`traceId: no spans stored for trace ${traceId}`);
    res.json(chain);
  });

  api.get('/chains', async (req, res) => {
    const customer = stringParam(req, 'customer', true);
    const { fromMs, toMs } = parseTimeRange(req.query, now());
    const limit = intParam(req, 'limit', 1, CHAIN_NODE_CAP.max, CHAIN_NODE_CAP.default);
    const seeds = await store.getCustomerTraceIds(customer, fromMs, toMs, limit);
    res.json(await loadChain(store, seeds, limit));
  });

  api.get('/spans/:traceId/:spanId', async (req, res) => {
    const traceId = traceIdParam(req.params.traceId);
    const spanId = String(req.params.spanId);
    if (!SPAN_ID.test(spanId)) throw new BadRequestError(`spanId: "${spanId}" is not a span id (16 hex digits)`);
    const row = await store.getSpan(traceId, spanId.toLowerCase());
    if (!row) throw new NotFoundError(`spanId: no span ${spanId.toLowerCase()} stored in trace ${traceId}`);
    res.json(spanDetails(row));
  });

  api.get('/customers', async (req, res) => {
    const { fromMs, toMs } = parseTimeRange(req.query, now());
    const limit = intParam(req, 'limit', 1, 1000, 50);
    const customers = await store.getCustomers(stringParam(req, 'search') ?? '', fromMs, toMs, limit);
    res.json({ customers: customers.map((c) => ({ ...c, lastSeen: new Date(c.lastSeenMs).toISOString() })) });
  });

  api.get('/customers/:id/timeline', async (req, res) => {
    res.json(await queryTimeline(ctx, String(req.params.id), parseTimeRange(req.query, now())));
  });

  api.get('/conflicts', async (req, res) => {
    const range = parseTimeRange(req.query, now());
    res.json({ conflicts: await queryConflicts(ctx, range, stringParam(req, 'customer')) });
  });

  api.get('/loops', async (req, res) => {
    res.json({ loops: await queryLoops(ctx, parseTimeRange(req.query, now())) });
  });

  api.get('/change-latency', async (req, res) => {
    res.json(await queryChangeLatency(ctx, parseTimeRange(req.query, now())));
  });

  api.get('/paths', async (req, res) => {
    const range = parseTimeRange(req.query, now());
    res.json(await queryPaths(ctx, range, { customerId: stringParam(req, 'customer'), model: modelParam(req) }));
  });

  api.get('/audit', async (req, res) => {
    res.json({ journeys: await queryAudit(ctx, parseTimeRange(req.query, now())) });
  });

  api.get('/reports/weekly', async (req, res) => {
    const week = stringParam(req, 'week', true);
    const format = stringParam(req, 'format') ?? 'json';
    if (format !== 'json' && format !== 'md') throw new BadRequestError(`format: expected "json" or "md", got "${format}"`);
    let report;
    try {
      report = await queryWeeklyReport(ctx, week);
    } catch (err) {
      if (err instanceof InvalidWeekError) throw new BadRequestError(`week: ${err.message}`);
      throw err;
    }
    if (format === 'md') res.type('text/markdown; charset=utf-8').send(renderWeeklyReportMarkdown(report));
    else res.json(report);
  });

  api.get('/openapi.json', (_req, res) => {
    res.json(OPENAPI_DOCUMENT);
  });

  api.use((req) => {
    throw new NotFoundError(`no such endpoint: ${req.method} /api${req.path}`);
  });
  app.use('/api', api);

  const uiDir = opts.uiDir ?? DEFAULT_UI_DIR;
  if (existsSync(uiDir)) {
    app.use(express.static(uiDir));
  } else {
    app.get('/', (_req, res) => {
      res.type('html').send(
        '<!doctype html><meta charset="utf-8"><title>Flexix</title><h1>Flexix</h1>' +
          '<p>The UI has not been built (<code>npm run build:ui</code>). The API is at <a href="/api/health">/api/health</a>.</p>',
      );
    });
  }

  const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
    if (err instanceof HttpError) {
      if (err.statusCode >= 500) logger.warn('api request not answered', { path: req.path, error: err.message });
      if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      res.status(err.statusCode).json({ error: err.message });
      return;
    }
    logger.error('api request failed', { path: req.path, error: String(err?.stack ?? err) });
    res.status(500).json({ error: 'internal error' });
  };
  app.use(errorHandler);
  return app;
}
