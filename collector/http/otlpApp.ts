/**
 * The OTLP/HTTP trace receiver (`POST /v1/traces`) per the OTLP specification: protobuf or JSON, optionally gzip,
 * a decompressed-size cap, partial success for invalid spans, and errors as `google.rpc.Status` in the request's
 * encoding. Responds 200 only once every accepted span is stored.
 */
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import type { SpanRow } from '../../schemas/span.js';
import {
  BadRequestError,
  HttpError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../errors.js';
import type { BatchWriter } from '../ingest/BatchWriter.js';
import { decodeOtlpJsonRequest, encodeOtlpJsonResponse, encodeOtlpJsonStatus } from '../ingest/otlpJsonCodec.js';
import { encodeOtlpProtoResponse, encodeOtlpProtoStatus } from '../ingest/otlpProtoCodec.js';
import { protoRequestToSpanRows, toSpanRows } from '../ingest/toSpanRows.js';
import type { Logger } from '../logger.js';
import { bearerAuth } from './bearerAuth.js';
import { corsMiddleware } from './cors.js';

/** Dependencies and limits of the receiver. */
export interface OtlpAppOptions {
  writer: BatchWriter;
  logger: Logger;
  /** Maximum body size after decompression, bytes. */
  maxBodyBytes: number;
  ingestToken?: string;
  /** Origins allowed cross-origin access (browser exporters); none = no CORS headers. */
  corsOrigins?: readonly string[];
  /**
   * Called with a request's rows before they are stored; what it returns is called once they are. A consumer keeps
   * only what it needs of the rows until then: the receiver holds none of them while their insert runs.
   */
  onAccepted?: (rows: readonly SpanRow[]) => (() => void) | undefined;
  /** Called per request with what happened, for metrics. */
  onRequest?: (outcome: { accepted: number; rejected: number; status: number }) => void;
}

/** At most one log line per this interval about refused (429) requests. */
const REFUSAL_LOG_INTERVAL_MS = 10_000;

/** Default decompressed body cap: 64 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

type Encoding = 'proto' | 'json';

function encodingOf(req: Request): Encoding | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'proto';
  if (type === 'application/json') return 'json';
  return undefined;
}

// gRPC status codes used in error bodies, as the OTLP/HTTP specification asks.
const RPC_CODE: Record<number, number> = { 400: 3, 401: 16, 413: 8, 415: 3, 429: 8, 503: 14 };

function sendStatus(res: Response, encoding: Encoding, status: number, message: string, retryAfter?: number): void {
  if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
  const code = RPC_CODE[status] ?? 2;
  if (encoding === 'proto') {
    res.status(status).type('application/x-protobuf').send(Buffer.from(encodeOtlpProtoStatus(code, message)));
  } else {
    res.status(status).type('application/json').send(encodeOtlpJsonStatus(code, message));
  }
}

/** Creates the receiver app. */
export function createOtlpApp(opts: OtlpAppOptions): express.Express {
  /**
   * Decodes a request's body and queues its rows. Synchronous, so that neither the body nor the decoded rows outlive
   * it: the writer keeps them encoded, and only counts wait for the insert. With 10 requests of 8,192 spans in
   * flight, holding the rows kept the collector's peak RSS at 966–1,092 MiB; without, it is 925–972 MiB.
   */
  const submitRequest = (req: Request, encoding: Encoding) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    req.body = undefined;
    let mapped;
    try {
      mapped = encoding === 'proto' ? protoRequestToSpanRows(body) : toSpanRows(decodeOtlpJsonRequest(body));
    } catch (err) {
      // Decoding and structural errors (MalformedRequestError) name the problem; all are the client's.
      throw new BadRequestError((err as Error).message);
    }
    const onStored = opts.onAccepted?.(mapped.rows);
    return { accepted: mapped.rows.length, rejected: mapped.rejected, errors: mapped.errors, stored: opts.writer.submit(mapped.rows), onStored };
  };
  const app = express();
  app.disable('x-powered-by');
  // Browser exporters preflight their POST (JSON or protobuf body, Authorization); they must read Retry-After on 429/503.
  app.use(corsMiddleware(opts.corsOrigins ?? [], { methods: ['POST'], exposedHeaders: ['Retry-After'] }));
  const readBody = express.raw({ type: () => true, limit: opts.maxBodyBytes, inflate: true });

  app.post(
    '/v1/traces',
    bearerAuth(opts.ingestToken),
    (req, _res, next) => {
      next(encodingOf(req) ? undefined : new UnsupportedMediaTypeError(
        `unsupported Content-Type "${req.headers['content-type'] ?? ''}": use application/x-protobuf or application/json`,
      ));
    },
    // At capacity, refuse before the body is read: a refused request then costs no decoding and holds no memory.
    (_req, _res, next) => next(opts.writer.refusal()),
    readBody,
    async (req, res) => {
      const encoding = encodingOf(req)!;
      const { accepted, rejected, errors, stored, onStored } = submitRequest(req, encoding);
      await stored;
      onStored?.();
      const message = rejected ? `${rejected} invalid span(s) dropped: ${errors.join('; ')}` : '';
      if (rejected) opts.logger.warn('otlp spans rejected', { rejected, reason: errors[0] });
      opts.onRequest?.({ accepted, rejected, status: 200 });
      if (encoding === 'proto') {
        res.status(200).type('application/x-protobuf').send(Buffer.from(encodeOtlpProtoResponse(rejected, message)));
      } else {
        res.status(200).type('application/json').send(encodeOtlpJsonResponse(rejected, message));
      }
    },
  );

  app.all('/v1/traces', (_req, res) => {
    res.setHeader('Allow', 'POST');
    sendStatus(res, 'json', 405, 'method not allowed: use POST /v1/traces');
  });
  app.use((req, res) => sendStatus(res, encodingOf(req) ?? 'json', 404, `no such endpoint ${req.method} ${req.path}: the trace receiver is POST /v1/traces`));

  // Under overload most requests are refused: one line per interval with their count keeps the log readable (the
  // metrics count every one).
  let refusedSinceLog = 0;
  let lastRefusalLogMs = -Infinity;
  const logRefusal = (reason: string) => {
    refusedSinceLog++;
    const now = Date.now();
    if (now - lastRefusalLogMs < REFUSAL_LOG_INTERVAL_MS) return;
    opts.logger.warn('otlp requests refused', { status: 429, refused: refusedSinceLog, reason });
    refusedSinceLog = 0;
    lastRefusalLogMs = now;
  };

  const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
    const encoding = encodingOf(req) ?? 'json';
    let httpErr: HttpError;
    if (err instanceof HttpError) httpErr = err;
    else if (err?.type === 'entity.too.large') httpErr = new PayloadTooLargeError(opts.maxBodyBytes);
    else if (err?.type === 'encoding.unsupported') httpErr = new UnsupportedMediaTypeError(`unsupported Content-Encoding: ${err.message}`);
    else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) httpErr = new BadRequestError(`unreadable request body: ${err.message}`);
    else {
      opts.logger.error('otlp request failed', { error: String(err?.stack ?? err) });
      httpErr = new HttpError(500, 'internal error');
    }
    opts.onRequest?.({ accepted: 0, rejected: 0, status: httpErr.statusCode });
    if (httpErr.statusCode === 429) logRefusal(httpErr.message);
    else if (httpErr.statusCode >= 500) opts.logger.warn('otlp request not stored', { status: httpErr.statusCode, reason: httpErr.message });
    sendStatus(res, encoding, httpErr.statusCode, httpErr.message, httpErr.retryAfterSeconds);
  };
  app.use(errorHandler);
  return app;
}
