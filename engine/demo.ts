import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Clock } from './clock/Clock.js';
import { RealClock } from './clock/RealClock.js';
import { SimulatedClock } from './clock/SimulatedClock.js';
import { loadDefaultHandbook } from './protocol/defaultHandbook.js';
import { Random } from './random.js';
import { planRuns, scheduleRun } from './simulation/scenarioRuns.js';
import { SCENARIOS } from './scenarios/index.js';
import { DAY } from './scenarios/time.js';
import { createExporter } from './telemetry/createExporter.js';
import { Tracing } from './telemetry/Tracing.js';

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** OTLP/HTTP base URL of the collector. */
  endpoint: string;
  seed?: number;
  logger?: (msg: string) => void;
  /** Export here instead of OTLP (tests). */
  exporter?: SpanExporter;
  /** The wall clock (tests inject one). */
  clock?: Clock;
  /** Milliseconds between two live ticks (default 3000). */
  tickMs?: number;
  /** Where the backfill starts (default three weeks before now); see {@link resumeDemo}. */
  backfillFromMs?: number;
  /** Appended to every customer id prefix (default none); see {@link resumeDemo}. */
  runTag?: string;
}

/** Virtual history written at start. */
const BACKFILL_DAYS = 21;
/** The backfilled scenarios keep unfolding this long into the future, in real time. */
const FUTURE_DAYS = 14;
/** Customers per scenario in the backfill: enough to show every phenomenon, small enough to take seconds. */
const BACKFILL_CUSTOMERS = 150;
/** Customers and length of each live cohort. */
const COHORT_CUSTOMERS = 40;
const COHORT_MS = 60_000;

/**
 * How a demo continues a store whose newest span started at `latestMs` (nothing for an empty store): the backfill
 * starts there (at most three weeks back), so the history already stored is not written a second time, and the
 * customers and trace ids are of this start (a tag in the customer ids, a seed from the time), so they do not mix
 * with those of earlier starts.
 */
export function resumeDemo(latestMs: number | undefined, nowMs: number): Pick<DemoOptions, 'backfillFromMs' | 'seed' | 'runTag'> {
  if (latestMs === undefined) return {};
  return {
    backfillFromMs: Math.min(nowMs, Math.max(latestMs, nowMs - BACKFILL_DAYS * DAY)),
    seed: Math.floor(nowMs) % 2 ** 31,
    runTag: `r${Math.floor(nowMs / 1000).toString(36)}`,
  };
}

/**
 * Runs the engine against a collector for the demo: backfills three weeks of every scenario, then keeps a live
 * trickle — every few seconds it starts a small cohort of a scenario and advances virtual time to the wall clock,
 * so spans are stamped at real time and the UI keeps moving.
 */
export function startDemo(opts: DemoOptions): { stop(): Promise<void> } {
  const log = opts.logger ?? (() => undefined);
  const wall = opts.clock ?? new RealClock();
  const seeds = new Random(opts.seed ?? 1);
  const handbook = loadDefaultHandbook();
  const exporter = opts.exporter ?? createExporter({ kind: 'otlp', endpoint: opts.endpoint });
  const tracing = new Tracing({ exporter, seed: opts.seed ?? 1 });
  const now = wall.now();
  const backfillFromMs = opts.backfillFromMs ?? now - BACKFILL_DAYS * DAY;
  const clock = new SimulatedClock(backfillFromMs);
  const runUntilNow = () => clock.run({ until: wall.now(), onYield: () => tracing.drain() });
  const tag = opts.runTag === undefined ? '' : `-${opts.runTag}`;

  for (const planned of planRuns(SCENARIOS, BACKFILL_CUSTOMERS)) {
    const run = { ...planned, prefix: `${planned.prefix}${tag}` };
    scheduleRun(run, { clock, tracing, handbook, seed: seeds.nextUint32(), startMs: clock.now(), endMs: now + FUTURE_DAYS * DAY });
  }

  let cohort = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async (): Promise<void> => {
    const scenario = SCENARIOS[cohort % SCENARIOS.length]!;
    for (const planned of planRuns([scenario], COHORT_CUSTOMERS)) {
      const live = { ...planned, prefix: `${planned.prefix}${tag}-live${cohort}` };
      scheduleRun(live, { clock, tracing, handbook, seed: seeds.nextUint32(), startMs: clock.now(), endMs: clock.now() + COHORT_MS });
    }
    cohort++;
    await runUntilNow();
    await tracing.flush();
  };
  // The tick or backfill in progress, so stop() can wait for it before shutting the exporter down.
  let running: Promise<void>;
  const loop = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().then(loop, (err: unknown) => {
        log(`demo: live traffic stopped: ${err instanceof Error ? err.message : String(err)}`);
      });
    }, opts.tickMs ?? 3000);
  };

  running = runUntilNow()
    .then(() => tracing.flush())
    .then(() => {
      const days = Math.round(((now - backfillFromMs) / DAY) * 10) / 10;
      const what = `${days} days of ${SCENARIOS.length} scenarios (${tracing.produced} spans)`;
      log(
        opts.backfillFromMs === undefined
          ? `demo: backfilled ${what}; live traffic follows`
          : `demo: spans already stored; backfilled ${what} from ${new Date(backfillFromMs).toISOString()}, customers tagged ${opts.runTag ?? '(none)'}; live traffic follows`,
      );
      loop();
    })
    .catch((err: unknown) => log(`demo: backfill failed: ${err instanceof Error ? err.message : String(err)}`));

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await tracing.shutdown().catch((err: unknown) => log(`demo: final export failed: ${err instanceof Error ? err.message : String(err)}`));
    },
  };
}
