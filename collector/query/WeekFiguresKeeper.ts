/**
 * Keeps the weekly report's figures of the last weeks that are over in the store, computed in the background
 * (`keepWeekFigures`): the council's report of last week, and the comparison with the week before that every report
 * makes, are then read instead of computed when first asked, by any collector on the store and after restarts. While
 * nothing changed, a pass costs two small queries per week (its fingerprint and its kept row); a week is computed
 * again only when its spans changed (late spans, retention, imports). With the context's `runningWeek`, each pass also
 * brings the running week's figures up to date, so its report only waits for the customers whose spans arrived since,
 * and keeps them in the store when due (`RunningWeekFigures.keep`), for the collector's next start.
 */
import { isoWeekOf, isoWeekRange } from '../analysis/isoWeek.js';
import type { Logger } from '../logger.js';
import { keepWeekFigures, type AnalysisContext, type WeekFiguresSource } from './analyses.js';
import type { RunningWeekSource } from './RunningWeekFigures.js';

/** Options of {@link startWeekFiguresKeeper}. */
export interface WeekFiguresKeeperOptions {
  /** What the figures are computed with; its clock (`now`, default `Date.now`) tells which weeks are over. */
  ctx: AnalysisContext;
  /** Time between passes. */
  intervalMs: number;
  /** Time before the first pass (default 30 s, after the collector's start-up work). */
  firstDelayMs?: number;
  /** Weeks kept: the last ones over, most recent first (default 2: last week and the week its report compares with). */
  weeks?: number;
  /**
   * While this returns true (ingest near its capacity), a pass is put off to the next interval: the figures are
   * then computed when a report asks, and the collector's memory and CPU go to storing what it acknowledges.
   */
  deferWhile?: () => boolean;
  logger: Logger;
}

/** What a pass did for one week. */
export interface KeptWeek {
  week: string;
  source: WeekFiguresSource | RunningWeekSource;
  ms: number;
}

/** A running {@link startWeekFiguresKeeper}. */
export interface WeekFiguresKeeper {
  /** One pass now (after the one running, if any). */
  runOnce(): Promise<KeptWeek[]>;
  /** Stops the passes; resolves once the one running is done. */
  stop(): Promise<void>;
}

/** The ISO weeks over at `nowMs`, most recent first, `count` of them. */
export function weeksOverAt(nowMs: number, count: number): string[] {
  const weeks: string[] = [];
  let range = isoWeekRange(isoWeekOf(nowMs));
  for (let i = 0; i < count; i++) {
    weeks.push(range.previous.week);
    range = isoWeekRange(range.previous.week);
  }
  return weeks;
}

/** Starts the passes (see the module comment); errors are logged, and the next pass tries again. */
export function startWeekFiguresKeeper(options: WeekFiguresKeeperOptions): WeekFiguresKeeper {
  const { ctx, logger } = options;
  const now = ctx.now ?? Date.now;
  let deferring = false;
  const pass = async (): Promise<KeptWeek[]> => {
    const defer = options.deferWhile?.() ?? false;
    if (defer && !deferring) logger.info('weekly report figures put off while ingest is near capacity');
    deferring = defer;
    if (defer) return [];
    const kept: KeptWeek[] = [];
    for (const week of weeksOverAt(now(), options.weeks ?? 2)) {
      const started = performance.now();
      try {
        const source = await keepWeekFigures(ctx, week);
        const ms = Math.round(performance.now() - started);
        if (source === 'computed') logger.info('weekly report figures computed and kept', { week, ms });
        kept.push({ week, source, ms });
      } catch (err) {
        logger.warn('weekly report figures not kept; the next pass tries again', { week, error: (err as Error).message });
      }
    }
    if (ctx.runningWeek !== undefined) {
      const week = isoWeekOf(now());
      const started = performance.now();
      try {
        const { source, buckets, restored } = await ctx.runningWeek.figures(ctx, isoWeekRange(week));
        const ms = Math.round(performance.now() - started);
        // Updates of a few buckets are the routine of every pass; a whole computation is worth a line.
        if (source === 'computed') logger.info('running week figures computed', { week, ms });
        if (restored) logger.info('running week figures read from the store and brought up to date', { week, buckets, ms });
        kept.push({ week, source, ms });
        await ctx.runningWeek.keep(ctx.store);
      } catch (err) {
        logger.warn('running week figures not brought up to date or kept; the next pass tries again', { week, error: (err as Error).message });
      }
    }
    return kept;
  };

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let last: Promise<KeptWeek[]> = Promise.resolve([]);
  const runOnce = (): Promise<KeptWeek[]> => (last = last.then(pass));
  const schedule = (delayMs: number): void => {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().then(() => schedule(options.intervalMs)), delayMs);
    timer.unref();
  };
  schedule(options.firstDelayMs ?? 30_000);
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await last;
    },
  };
}
