import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Handbook } from '../schemas/handbook.js';
import type { Mode } from './scenarios/Scenario.js';
import { DAY } from './scenarios/time.js';
import { runInWorkers } from './simulation/runInWorkers.js';
import { executeRun, planSimulation, type SimulationPlan } from './simulation/SimulationPlan.js';
import { createExporter, DEFAULT_ENDPOINT, type SpanSink } from './telemetry/createExporter.js';
import { Tracing } from './telemetry/Tracing.js';

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** A scenario name or `all`. */
  scenario: string;
  /** Customers per scenario. */
  customers: number;
  seed: number;
  /** Virtual days to simulate. */
  days: number;
  /** OTLP/HTTP base URL; spans go to `<endpoint>/v1/traces`. Ignored when `exporter` is given. */
  endpoint?: string;
  /** Export into this exporter instead of OTLP (tests). Runs in-process: an instance cannot move to a worker. */
  exporter?: SpanExporter;
  /** `discard`: serialize spans to OTLP protobuf and drop them instead of sending them (benchmarks). */
  sink?: 'otlp' | 'discard';
  /** Worker threads to spread the runs over (default 1: in-process). Spans are the same for any number. */
  workers?: number;
  /** Run only this mode; default: every mode each scenario supports, customers split between them. */
  mode?: Mode;
  /** Deepest hop an action may have; 0 = off. Default: the scenario's own, else `DEFAULT_HOP_LIMIT` (8). */
  hopLimit?: number;
  /** Virtual start, epoch ms; default `days` before now, so the data lands in the last days. */
  startMs?: number;
  /** The handbook the guard enforces; default `schemas/protocols.default.json`. */
  handbook?: Handbook;
  /** Progress in virtual hours simulated, summed over the runs. */
  onProgress?: (done: number, total: number) => void;
}

/** What a simulation produced. */
export interface SimulateResult {
  /** Spans exported. */
  spans: number;
  /** Spans per scenario name. */
  perScenario: Record<string, number>;
  /** Wall-clock duration, ms. */
  elapsedMs: number;
}

/**
 * Runs scenarios on a simulated clock and exports every span they produce, then flushes and shuts the exporter down.
 * Deterministic for a given seed and options (start time included).
 */
export async function simulate(opts: SimulateOptions): Promise<SimulateResult> {
  const began = performance.now();
  validate(opts);
  const plan = planSimulation({
    scenario: opts.scenario,
    customers: opts.customers,
    seed: opts.seed,
    days: opts.days,
    mode: opts.mode,
    hopLimit: opts.hopLimit,
    startMs: opts.startMs ?? Date.now() - opts.days * DAY,
    handbook: opts.handbook,
  });
  const sink: SpanSink = opts.sink === 'discard' ? { kind: 'discard' } : { kind: 'otlp', endpoint: opts.endpoint ?? DEFAULT_ENDPOINT };
  const spansPerRun =
    (opts.workers ?? 1) > 1 && !opts.exporter
      ? await runInWorkers(plan, sink, opts.workers ?? 1, opts.onProgress)
      : await runInProcess(plan, opts.exporter ?? createExporter(sink), opts.onProgress);

  const perScenario: Record<string, number> = {};
  let spans = 0;
  plan.runs.forEach((run, index) => {
    const count = spansPerRun.get(index) ?? 0;
    perScenario[run.scenario.name] = (perScenario[run.scenario.name] ?? 0) + count;
    spans += count;
  });
  return { spans, perScenario, elapsedMs: performance.now() - began };
}

async function runInProcess(
  plan: SimulationPlan,
  exporter: SpanExporter,
  onProgress: SimulateOptions['onProgress'],
): Promise<Map<number, number>> {
  const tracing = new Tracing({ exporter, seed: plan.request.seed });
  const total = plan.hoursPerRun * plan.runs.length;
  const spans = new Map<number, number>();
  try {
    for (let index = 0; index < plan.runs.length; index++) {
      const doneBefore = index * plan.hoursPerRun;
      spans.set(index, await executeRun(plan, index, tracing, (hours) => onProgress?.(doneBefore + hours, total)));
    }
  } finally {
    await tracing.shutdown();
  }
  return spans;
}

function validate(opts: SimulateOptions): void {
  const positiveInt = (name: string, value: number) => {
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${value}`);
  };
  positiveInt('customers', opts.customers);
  if (opts.workers !== undefined) positiveInt('workers', opts.workers);
  if (!Number.isFinite(opts.days) || opts.days <= 0) throw new Error(`days must be a positive number, got ${opts.days}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  if (opts.hopLimit !== undefined && (!Number.isInteger(opts.hopLimit) || opts.hopLimit < 0)) {
    throw new Error(`hopLimit must be a non-negative integer (0 = off), got ${opts.hopLimit}`);
  }
}
