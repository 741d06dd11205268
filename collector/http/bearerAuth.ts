/** Bearer-token authentication middleware with a constant-time comparison. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../errors.js';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Requires `Authorization: Bearer <token>` when a token is configured; passes everything otherwise. */
export function bearerAuth(token: string | undefined): RequestHandler {
  if (!token) return (_req, _res, next) => next();
  // Comparing fixed-length digests keeps the comparison constant-time whatever the presented token's length.
  const expected = digest(token);
  return (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7) : '';
    next(presented && timingSafeEqual(digest(presented), expected) ? undefined : new UnauthorizedError());
  };
}
