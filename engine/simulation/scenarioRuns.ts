import type { Handbook } from '../../schemas/handbook.js';
import type { Scheduler } from '../clock/Scheduler.js';
import { Orchestration } from '../Orchestration.js';
import { Random } from '../random.js';
import type { Mode, Scenario } from '../scenarios/Scenario.js';
import type { Tracing } from '../telemetry/Tracing.js';

/** Hop limit of scenarios whose story does not set one. */
export const DEFAULT_HOP_LIMIT = 8;

/** One (scenario, mode) pair to simulate with its share of the customers. */
export interface PlannedRun {
  scenario: Scenario;
  mode: Mode;
  customers: number;
  /** Prefix of customer ids: scenario code and mode, so ids never collide across runs. */
  prefix: string;
}

/**
 * Plans the runs of a simulation: each scenario in the requested mode, or — with no mode — in every mode it
 * supports, the customers split between them so `--customers` stays the size of each scenario. A scenario that
 * does not support the requested mode is skipped.
 */
export function planRuns(scenarios: readonly Scenario[], customers: number, mode?: Mode): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (const scenario of scenarios) {
    const modes = mode === undefined ? scenario.modes : scenario.modes.filter((m) => m === mode);
    modes.forEach((m, i) => {
      // Spread the remainder over the first modes so the shares add up to `customers`.
      const share = Math.floor(customers / modes.length) + (i < customers % modes.length ? 1 : 0);
      if (share > 0) runs.push({ scenario, mode: m, customers: share, prefix: `${scenario.code}-${m.slice(0, 3)}` });
    });
  }
  return runs;
}

/** What {@link scheduleRun} needs besides the planned run. */
export interface RunEnvironment {
  clock: Scheduler;
  tracing: Tracing;
  handbook: Handbook;
  /** Seed of this run's random stream. */
  seed: number;
  /** Overrides the scenario's hop limit. */
  hopLimit?: number;
  startMs: number;
  endMs: number;
}

/** Builds a fresh orchestration (own bus, context, history, guard) for one run and schedules the scenario on it. */
export function scheduleRun(planned: PlannedRun, env: RunEnvironment): Orchestration {
  const orchestration = new Orchestration({
    clock: env.clock,
    random: new Random(env.seed),
    tracing: env.tracing,
    handbook: env.handbook,
    hopLimit: env.hopLimit ?? planned.scenario.defaultHopLimit ?? DEFAULT_HOP_LIMIT,
  });
  planned.scenario.schedule({
    orchestration,
    mode: planned.mode,
    customers: planned.customers,
    startMs: env.startMs,
    endMs: env.endMs,
    handbook: env.handbook,
    idPrefix: planned.prefix,
    customerId: (i) => `${planned.prefix}-${String(i).padStart(5, '0')}`,
  });
  return orchestration;
}
