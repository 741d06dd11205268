/** Parsing of the query API's `from`/`to` parameters (ISO 8601 or epoch milliseconds; default the last 7 days). */
import { STORABLE_TIMES_MS } from '../../schemas/span.js';
import { BadRequestError } from '../errors.js';

/** Default window when neither bound is given. */
export const DEFAULT_RANGE_MS = 7 * 24 * 3600 * 1000;

/** Parses one time parameter; `undefined` when absent. The error names the parameter. */
export function parseTimeParam(name: string, value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new BadRequestError(`${name}: expected one ISO 8601 time or epoch milliseconds`);
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new BadRequestError(`${name}: "${value}" is neither an ISO 8601 time nor epoch milliseconds`);
  if (ms < STORABLE_TIMES_MS.min || ms > STORABLE_TIMES_MS.max) {
    const [min, max] = [STORABLE_TIMES_MS.min, STORABLE_TIMES_MS.max].map((t) => new Date(t).toISOString());
    throw new BadRequestError(`${name}: "${value}" is outside the times the store holds (${min} to ${max})`);
  }
  return ms;
}

/** Resolves `from`/`to` against `nowMs`: defaults to the 7 days before `to` (or now). */
export function parseTimeRange(query: Record<string, unknown>, nowMs: number): { fromMs: number; toMs: number } {
  const to = parseTimeParam('to', query.to) ?? nowMs;
  const from = parseTimeParam('from', query.from) ?? to - DEFAULT_RANGE_MS;
  if (from >= to) throw new BadRequestError(`from must be before to (got from=${new Date(from).toISOString()}, to=${new Date(to).toISOString()})`);
  return { fromMs: from, toMs: to };
}
