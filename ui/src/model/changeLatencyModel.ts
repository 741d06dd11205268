/**
 * The change-latency view model: lead times of command and network changes side by side (box and strip on a log
 * axis), DORA buckets, the weekly p50 trend, and the protocol reaction latency per rule.
 */
import type { ChangeLatency, CompletedChange } from '../../../collector/analysis/computeChangeLatency.js';
import type { RuleReactionLatency } from '../../../collector/analysis/computeReactionLatency.js';
import { formatDuration, formatMinute } from './format.js';
import { textCell, type Cell, type TableModel } from './table.js';

/** The two models, in display order. */
export const MODELS = ['command', 'network'] as const;
/** An orchestration model. */
export type Model = (typeof MODELS)[number];

/** Five-number summary by nearest rank (the server's quantile method). */
export interface BoxStats {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

/** Lead times of one model. */
export interface LeadTimeRow {
  model: Model;
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
  /** Sorted ascending. */
  leadTimesMs: number[];
  changes: CompletedChange[];
  box: BoxStats | null;
}

/** A DORA bucket with the count of each model. */
export interface DoraRow {
  bucket: string;
  command: number;
  network: number;
}

/** One week of the trend. */
export interface TrendPoint {
  week: string;
  command: number | null;
  network: number | null;
}

/** A reaction-latency row: how long messages kept contradicting a signal, per rule and model. */
export interface ReactionRow {
  rule: string;
  signals: number;
  reacted: number;
  p50Ms: number | null;
  p90Ms: number | null;
  maxMs: number | null;
  commandP50Ms: number | null;
  networkP50Ms: number | null;
}

/** The whole view model. */
export interface ChangeLatencyModel {
  rows: LeadTimeRow[];
  dora: DoraRow[];
  trend: TrendPoint[];
  reaction: ReactionRow[];
  /** Smallest and largest lead time over both models (the shared log axis); null without changes. */
  extentMs: [number, number] | null;
  inProgress: number;
}

/** Nearest-rank quantile of a sorted array, like the server's `nearestRankQuantileSorted`. */
export function nearestRank(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Five-number summary of a sorted array; null when empty. */
export function boxStats(sorted: readonly number[]): BoxStats | null {
  if (sorted.length === 0) return null;
  return { min: sorted[0]!, q1: nearestRank(sorted, 0.25), median: nearestRank(sorted, 0.5), q3: nearestRank(sorted, 0.75), max: sorted[sorted.length - 1]! };
}


/** Builds the view model from `GET /api/change-latency`. */
export function buildChangeLatencyModel(data: ChangeLatency & { reaction?: RuleReactionLatency[] }): ChangeLatencyModel {
  const rows = MODELS.map((model): LeadTimeRow => {
    const changes = data.changes.filter((c) => c.model === model);
    const leadTimesMs = changes.map((c) => c.leadTimeMs).sort((a, b) => a - b);
    const stats = data[model];
    return { model, count: stats.count, p50Ms: stats.p50Ms, p90Ms: stats.p90Ms, leadTimesMs, changes, box: boxStats(leadTimesMs) };
  });
  const buckets = Object.keys(data.doraBuckets.command);
  const dora = buckets.map((bucket) => ({
    bucket,
    command: data.doraBuckets.command[bucket as keyof typeof data.doraBuckets.command] ?? 0,
    network: data.doraBuckets.network[bucket as keyof typeof data.doraBuckets.network] ?? 0,
  }));
  const weeks = [...new Set(data.weeklyTrend.map((t) => t.week))].sort();
  const trend = weeks.map((week) => {
    const at = (model: Model) => data.weeklyTrend.find((t) => t.week === week && t.model === model)?.p50Ms ?? null;
    return { week, command: at('command'), network: at('network') };
  });
  const reaction = (data.reaction ?? []).map((r) => ({
    rule: r.rule,
    signals: r.signals,
    reacted: r.items.length,
    p50Ms: r.latency.p50Ms,
    p90Ms: r.latency.p90Ms,
    maxMs: r.latency.maxMs,
    commandP50Ms: r.byModel.command.p50Ms,
    networkP50Ms: r.byModel.network.p50Ms,
  }));
  const all = rows.flatMap((r) => r.leadTimesMs).filter((ms) => ms > 0);
  let extentMs: [number, number] | null = null;
  if (all.length > 0) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const ms of all) {
      lo = Math.min(lo, ms);
      hi = Math.max(hi, ms);
    }
    extentMs = [lo, hi];
  }
  return { rows, dora, trend, reaction, extentMs, inProgress: data.inProgress.length };
}

/** Column headings of a table of completed changes (times in UTC). */
export const CHANGE_COLUMNS: TableModel['columns'] = [
  { label: 'Change' },
  { label: 'Model' },
  { label: 'Target' },
  { label: 'Requested (UTC)' },
  { label: 'Live (UTC)' },
  { label: 'Lead time', numeric: true },
];

/** One completed change as a table row, in {@link CHANGE_COLUMNS} order. */
export function changeRowCells(c: CompletedChange): Cell[] {
  return [
    textCell(c.id),
    textCell(c.model),
    textCell(c.target),
    textCell(formatMinute(c.requestedAt)),
    textCell(formatMinute(c.liveAt)),
    textCell(formatDuration(c.leadTimeMs), { numeric: true }),
  ];
}
