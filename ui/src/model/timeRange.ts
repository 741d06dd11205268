/** The shared time range: a preset relative to now, or a custom from/to, resolved to epoch milliseconds. */
import type { RouteState } from './route.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Presets of the time-range picker. */
export const RANGE_PRESETS = [
  { key: '1h', label: 'Last hour', ms: HOUR },
  { key: '24h', label: 'Last 24 hours', ms: DAY },
  { key: '7d', label: 'Last 7 days', ms: 7 * DAY },
  { key: '30d', label: 'Last 30 days', ms: 30 * DAY },
  { key: '90d', label: 'Last 90 days', ms: 90 * DAY },
] as const;

/** The preset used when the URL names none: long enough to hold a three-week simulation. */
export const DEFAULT_RANGE = '30d';

/** A resolved time range. */
export interface TimeRange {
  fromMs: number;
  toMs: number;
  /** The preset key, or `custom`. */
  key: string;
  label: string;
}

function parseTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Resolves the route's range against `nowMs`. A custom range needs a valid `from` before `to` (a missing `to` means
 * now); anything unreadable falls back to the default preset rather than failing the view.
 */
export function resolveTimeRange(state: Pick<RouteState, 'range' | 'from' | 'to'>, nowMs: number): TimeRange {
  if (state.range === 'custom' || (state.range === undefined && state.from !== undefined)) {
    const fromMs = parseTime(state.from);
    const toMs = parseTime(state.to) ?? nowMs;
    if (fromMs !== undefined && fromMs < toMs) {
      return { fromMs, toMs, key: 'custom', label: `${new Date(fromMs).toISOString().slice(0, 16)} – ${new Date(toMs).toISOString().slice(0, 16)} UTC` };
    }
  }
  const preset = RANGE_PRESETS.find((p) => p.key === state.range) ?? RANGE_PRESETS.find((p) => p.key === DEFAULT_RANGE)!;
  return { fromMs: nowMs - preset.ms, toMs: nowMs, key: preset.key, label: preset.label };
}
