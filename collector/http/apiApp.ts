/**
 * The query API and UI (CONTRACT §4): JSON endpoints under `/api`, the built UI at `/`. Every parameter is validated;
 * errors are `{ "error": "<what is wrong, naming the parameter>" }` with a 4xx status.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler, type Request } from 'express';
import { BadRequestError, HttpError, NotFoundError } from '../errors.js';
import type { Logger } from '../logger.js';
import { CHAIN_NODE_CAP, loadChain } from '../query/chains.js';
import { parseTimeRange } from '../query/timeRange.js';
import type { SpanStore } from '../store/SpanStore.js';
import { bearerAuth } from './bearerAuth.js';

/** Dependencies of the API. */
export interface ApiAppOptions {
  store: SpanStore;
  logger: Logger;
  /** Current time in epoch ms (injected so tests control the default time range). */
  now?: () => number;
  apiToken?: string;
  /** Directory of the built UI; a placeholder page is served when it does not exist. */
  uiDir?: string;
}

const DEFAULT_UI_DIR = fileURLToPath(new URL('../../ui/dist/', import.meta.url));
const TRACE_ID = /^[0-9a-fA-F]{32}$/;

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

/** Creates the API + UI app. */
export function createApiApp(opts: ApiAppOptions): express.Express {
  const { store, logger } = opts;
  const now = opts.now ?? Date.now;
  const app = express();
  app.disable('x-powered-by');
  app.set('json replacer', (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));

  const api = express.Router();
  api.use(bearerAuth(opts.apiToken));

  api.get('/health', async (_req, res) => {
    res.json({ status: 'ok', storage: store.kind === 'memory' ? 'embedded' : store.kind, spans: await store.countSpans() });
  });

  api.get('/chains/trace/:traceId', async (req, res) => {
    const traceId = String(req.params.traceId);
    if (!TRACE_ID.test(traceId)) throw new BadRequestError(`traceId: "${traceId}" is not a trace id (32 hex digits)`);
    const limit = intParam(req, 'limit', 1, CHAIN_NODE_CAP.max, CHAIN_NODE_CAP.default);
    const chain = await loadChain(store, [traceId.toLowerCase()], limit);
    if (chain.nodes.length === 0) throw new NotFoundError(`traceId: no spans stored for trace ${traceId.toLowerCase()}`);
    res.json(chain);
  });

  api.get('/chains', async (req, res) => {
    const customer = stringParam(req, 'customer', true);
    const { fromMs, toMs } = parseTimeRange(req.query, now());
    const limit = intParam(req, 'limit', 1, CHAIN_NODE_CAP.max, CHAIN_NODE_CAP.default);
    const seeds = await store.getCustomerTraceIds(customer, fromMs, toMs, limit);
    res.json(await loadChain(store, seeds, limit));
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
      res.status(err.statusCode).json({ error: err.message });
      return;
    }
    logger.error('api request failed', { path: req.path, error: String(err?.stack ?? err) });
    res.status(500).json({ error: 'internal error' });
  };
  app.use(errorHandler);
  return app;
}
