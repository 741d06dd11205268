import type { Handbook } from '../../schemas/handbook.js';
import { SimulatedClock } from '../clock/SimulatedClock.js';
import { loadDefaultHandbook } from '../protocol/defaultHandbook.js';
import { Random } from '../random.js';
import { selectScenarios } from '../scenarios/index.js';
import type { Mode } from '../scenarios/Scenario.js';
import { DAY, HOUR } from '../scenarios/time.js';
import type { Tracing } from '../telemetry/Tracing.js';
import { planRuns, scheduleRun, type PlannedRun } from './scenarioRuns.js';

/** What a simulation is asked to run: plain data, so it can be handed to worker threads. */
export interface SimulationRequest {
  scenario: string;
  customers: number;
  seed: number;
  days: number;
  mode?: Mode;
  hopLimit?: number;
  /** Virtual start, epoch ms (resolved by the caller, so every worker uses the same one). */
  startMs: number;
  handbook?: Handbook;
}

/** A resolved simulation: the runs in order, each with its own seed. */
export interface SimulationPlan {
  request: SimulationRequest;
  runs: PlannedRun[];
  /** Seed of each run (random stream and span ids), drawn in order from the simulation seed. */
  seeds: number[];
  handbook: Handbook;
  endMs: number;
  /** Progress units (virtual hours) of one run. */
  hoursPerRun: number;
}

/** Resolves a request into runs; throws naming the option when it selects nothing. */
export function planSimulation(request: SimulationRequest): SimulationPlan {
  const runs = planRuns(selectScenarios(request.scenario), request.customers, request.mode);
  if (runs.length === 0) throw new Error(`scenario "${request.scenario}" does not run in mode "${request.mode}"`);
  const seeds = new Random(request.seed);
  return {
    request,
    runs,
    seeds: runs.map(() => seeds.nextUint32()),
    handbook: request.handbook ?? loadDefaultHandbook(),
    endMs: request.startMs + request.days * DAY,
    hoursPerRun: Math.ceil(request.days * 24),
  };
}

/**
 * Runs one planned run on its own simulated clock into `tracing`, applying export backpressure; reports progress
 * as virtual hours simulated so far in this run. Returns the number of spans the run produced.
 */
export async function executeRun(plan: SimulationPlan, index: number, tracing: Tracing, onHours?: (hours: number) => void): Promise<number> {
  const planned = plan.runs[index];
  const seed = plan.seeds[index];
  if (planned === undefined || seed === undefined) throw new Error(`no run #${index} in the plan`);
  const { startMs, hopLimit } = plan.request;
  const clock = new SimulatedClock(startMs);
  const before = tracing.produced;
  tracing.reseedIds(seed);
  scheduleRun(planned, { clock, tracing, handbook: plan.handbook, seed, hopLimit, startMs, endMs: plan.endMs });
  await clock.run({
    until: plan.endMs,
    onYield: async () => {
      onHours?.(Math.floor((clock.now() - startMs) / HOUR));
      await tracing.drain();
      // Let exporter callbacks and timers run even when nothing waits for them.
      await new Promise((resolve) => setImmediate(resolve));
    },
  });
  onHours?.(plan.hoursPerRun);
  return tracing.produced - before;
}
