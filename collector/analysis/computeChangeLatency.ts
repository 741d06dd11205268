import type { BusinessSpan } from './BusinessSpan.js';
import { isoWeekOf } from './isoWeek.js';
import { nearestRankQuantileSorted } from './quantile.js';
import { toIso } from './spanRef.js';

/** DORA lead-time buckets, upper bounds exclusive (a month = 30 days, six months = 180 days). */
export const DORA_BUCKETS = [
  { label: '< 1 day', maxMs: 86_400_000 },
  { label: '< 1 week', maxMs: 7 * 86_400_000 },
  { label: '< 1 month', maxMs: 30 * 86_400_000 },
  { label: '< 6 months', maxMs: 180 * 86_400_000 },
  { label: 'longer', maxMs: Infinity },
] as const;
/** A DORA bucket label. */
export type DoraBucket = (typeof DORA_BUCKETS)[number]['label'];

/** Lead-time statistics of one model; quantiles by nearest rank, `null` without completed changes. */
export interface LeadTimeStats {
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
}

/** One completed change (CONTRACT §4 `/api/change-latency` item, with its stage times). */
export interface CompletedChange {
  id: string;
  model: 'command' | 'network';
  target: string;
  requestedAt: string;
  liveAt: string;
  leadTimeMs: number;
  /** ISO time of each stage seen (first occurrence). */
  stages: Record<string, string>;
}

/** A change without a `live` stage yet (or without a `requested` stage in the data). */
export interface InProgressChange {
  id: string;
  model: 'command' | 'network';
  target: string;
  requestedAt: string | null;
  /** The latest stage reached. */
  stage: string;
  stages: Record<string, string>;
}

/** Lead times per model, as CONTRACT §4 shapes them, plus DORA buckets and a weekly trend. */
export interface ChangeLatency {
  command: LeadTimeStats;
  network: LeadTimeStats;
  /** Completed changes, by live time. */
  changes: CompletedChange[];
  inProgress: InProgressChange[];
  doraBuckets: Record<'command' | 'network', Record<DoraBucket, number>>;
  /** Per ISO week of going live and model. */
  weeklyTrend: Array<{ week: string; model: 'command' | 'network'; count: number; p50Ms: number }>;
}

const STAGE_ORDER = ['requested', 'approved', 'tested', 'deployed', 'live'];

interface ChangeAcc {
  id: string;
  model?: 'command' | 'network';
  target?: string;
  stages: Map<string, number>;
}

function emptyBuckets(): Record<DoraBucket, number> {
  return Object.fromEntries(DORA_BUCKETS.map((b) => [b.label, 0])) as Record<DoraBucket, number>;
}

/** The DORA bucket of a lead time. */
export function doraBucketOf(leadTimeMs: number): DoraBucket {
  return DORA_BUCKETS.find((b) => leadTimeMs < b.maxMs)!.label;
}

function stats(sorted: number[]): LeadTimeStats {
  return { count: sorted.length, p50Ms: nearestRankQuantileSorted(sorted, 0.5), p90Ms: nearestRankQuantileSorted(sorted, 0.9) };
}

/**
 * Change lead times (CONTRACT §1): per `flexix.change.id`, the first `live` stage minus the first `requested` stage.
 * Changes without `live` (or without `requested`) are listed as in progress and left out of the statistics; a change
 * whose model is given by neither `flexix.change.model` nor `flexix.model` is ignored. p50/p90 are exact nearest-rank
 * quantiles (see `quantile.ts`): p50 of lead times 1, 2, 3, 4 days is 2 days.
 */
export function computeChangeLatency(spans: readonly BusinessSpan[]): ChangeLatency {
  const byId = new Map<string, ChangeAcc>();
  for (const s of spans) {
    if (s.changeId === undefined || s.changeStage === undefined) continue;
    let c = byId.get(s.changeId);
    if (!c) byId.set(s.changeId, (c = { id: s.changeId, stages: new Map() }));
    c.model ??= s.changeModel ?? s.model;
    c.target ??= s.changeTarget;
    const seen = c.stages.get(s.changeStage);
    if (seen === undefined || s.startMs < seen) c.stages.set(s.changeStage, s.startMs);
  }
  const changes: CompletedChange[] = [];
  const inProgress: InProgressChange[] = [];
  for (const c of byId.values()) {
    if (c.model === undefined) continue;
    const stageTimes = [...c.stages].sort(([, x], [, y]) => x - y);
    const stagesIso = Object.fromEntries(stageTimes.map(([stage, ms]) => [stage, toIso(ms)]));
    const requested = c.stages.get('requested');
    const live = c.stages.get('live');
    const target = c.target ?? '';
    if (requested !== undefined && live !== undefined) {
      changes.push({ id: c.id, model: c.model, target, requestedAt: toIso(requested), liveAt: toIso(live), leadTimeMs: live - requested, stages: stagesIso });
    } else {
      const reached = [...c.stages.keys()].sort((x, y) => STAGE_ORDER.indexOf(x) - STAGE_ORDER.indexOf(y));
      inProgress.push({
        id: c.id,
        model: c.model,
        target,
        requestedAt: requested === undefined ? null : toIso(requested),
        stage: reached[reached.length - 1] ?? '',
        stages: stagesIso,
      });
    }
  }
  changes.sort((x, y) => (x.liveAt < y.liveAt ? -1 : x.liveAt > y.liveAt ? 1 : x.id < y.id ? -1 : 1));
  inProgress.sort((x, y) => (x.id < y.id ? -1 : 1));

  const leadTimes = { command: [] as number[], network: [] as number[] };
  const doraBuckets = { command: emptyBuckets(), network: emptyBuckets() };
  const trend = new Map<string, { week: string; model: 'command' | 'network'; times: number[] }>();
  for (const c of changes) {
    leadTimes[c.model].push(c.leadTimeMs);
    doraBuckets[c.model][doraBucketOf(c.leadTimeMs)]++;
    const week = isoWeekOf(Date.parse(c.liveAt));
    const key = `${week}/${c.model}`;
    let t = trend.get(key);
    if (!t) trend.set(key, (t = { week, model: c.model, times: [] }));
    t.times.push(c.leadTimeMs);
  }
  leadTimes.command.sort((x, y) => x - y);
  leadTimes.network.sort((x, y) => x - y);
  const weeklyTrend = [...trend.values()]
    .map((t) => ({ week: t.week, model: t.model, count: t.times.length, p50Ms: nearestRankQuantileSorted(t.times.sort((x, y) => x - y), 0.5)! }))
    .sort((x, y) => (x.week < y.week ? -1 : x.week > y.week ? 1 : x.model < y.model ? -1 : 1));
  return { command: stats(leadTimes.command), network: stats(leadTimes.network), changes, inProgress, doraBuckets, weeklyTrend };
}
