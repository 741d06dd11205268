/**
 * Cross-origin access (CORS) for the OTLP receiver and the API, through the `cors` package. Off unless origins are
 * configured (`--cors-origin`): without them no `Access-Control-*` header is ever sent, and a request from an origin
 * that is not configured gets none either, so the browser refuses it.
 */
import cors from 'cors';
import type { RequestHandler } from 'express';

/** The value that allows every origin. */
export const ANY_ORIGIN = '*';

/**
 * Normalizes one configured origin: `*`, or `http(s)://host[:port]` (a trailing `/` is accepted and dropped; the host
 * is lower-cased as browsers send it). Returns `undefined` for anything else (a path, a query, credentials, another
 * scheme, no scheme at all), which the configuration reports as an error.
 */
export function normalizeOrigin(value: string): string | undefined {
  const s = value.trim();
  if (s === ANY_ORIGIN) return ANY_ORIGIN;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || s.endsWith('?') || s.endsWith('#')) return undefined;
  return url.origin;
}

/** True when a request's `Origin` header is one of the (normalized) configured origins, or any origin is allowed. */
export function isOriginAllowed(origins: readonly string[], origin: string | undefined): boolean {
  if (!origin) return false;
  return origins.includes(ANY_ORIGIN) || origins.includes(origin);
}

/** What one app allows cross-origin callers to do. */
export interface CorsPolicy {
  /** Methods named in preflight answers. */
  methods: readonly string[];
  /** Response headers a browser script may read beyond the safelisted ones. */
  exposedHeaders?: readonly string[];
}

/** How long a browser may cache a preflight answer, seconds (exporters post every few seconds). */
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * The CORS middleware for one app, to be mounted before authentication: a preflight carries no `Authorization`
 * header, so it is answered (204) before the token check. With no origins configured it passes every request through
 * untouched.
 */
export function corsMiddleware(origins: readonly string[], policy: CorsPolicy): RequestHandler {
  if (origins.length === 0) return (_req, _res, next) => next();
  const anyOrigin = origins.includes(ANY_ORIGIN);
  const handler = cors({
    // Answering `false` makes the package add no header at all (and not answer the preflight), so an origin that is
    // not configured is told nothing; an allowed one is echoed, or `*` when any origin is allowed.
    origin: (origin, callback) => callback(null, isOriginAllowed(origins, origin) ? (anyOrigin ? ANY_ORIGIN : origin) : false),
    methods: [...policy.methods],
    // Allowed request headers are those the preflight asks for (the package's default): exporters send
    // Content-Type, Content-Encoding, Authorization and whatever headers their users configure.
    exposedHeaders: policy.exposedHeaders ? [...policy.exposedHeaders] : undefined,
    maxAge: PREFLIGHT_MAX_AGE_S,
    // Bearer tokens travel in a header, never in cookies: credentialed (cookie) requests stay refused.
    credentials: false,
  });
  if (anyOrigin) return handler;
  // The answer depends on the Origin header even when it adds nothing, which shared caches must know.
  return (req, res, next) => {
    res.vary('Origin');
    handler(req, res, next);
  };
}
