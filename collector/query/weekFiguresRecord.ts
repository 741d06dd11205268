/**
 * The weekly report's figures of one week as a store keeps them (`flexix_week_figures`, migration 016): JSON with
 * maps as entry lists, under a context key naming everything besides the spans that the figures depend on.
 */
import { createHash } from 'node:crypto';
import type { Handbook } from '../../schemas/handbook.js';
import { feedbackLoopThresholds, type FeedbackLoopOptions } from '../analysis/findFeedbackLoops.js';
import type { CachedWeekFigures } from './WeekFiguresCache.js';

/** Raised with every change to how the figures are computed or shaped, so rows of other versions are not read. */
const WEEK_FIGURES_FORMAT = 1;

/** A short hash of the handbook, the loop thresholds (defaults applied) and the figures' format. */
export function weekFiguresContextKey(handbook: Handbook, loops: FeedbackLoopOptions = {}): string {
  const text = JSON.stringify({ format: WEEK_FIGURES_FORMAT, handbook, thresholds: feedbackLoopThresholds(loops) });
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

const MAP_TAG = '$map';

/** `value` as JSON, `Map`s as `{ "$map": entries }`. */
export function encodeWithMaps(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? { [MAP_TAG]: [...v] } : v));
}

/** The value of {@link encodeWithMaps}' JSON, its `Map`s restored. @throws SyntaxError when it is not JSON. */
export function decodeWithMaps(json: string): unknown {
  return JSON.parse(json, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && MAP_TAG in v ? new Map((v as Record<typeof MAP_TAG, Array<[unknown, unknown]>>)[MAP_TAG]) : v,
  );
}

/** The figures as JSON; `Map`s become `{ "$map": entries }`. */
export function encodeWeekFigures(figures: CachedWeekFigures): string {
  return encodeWithMaps(figures);
}

/** The figures of {@link encodeWeekFigures}' JSON. @throws SyntaxError when it is not JSON. */
export function decodeWeekFigures(json: string): CachedWeekFigures {
  return decodeWithMaps(json) as CachedWeekFigures;
}
