import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Handbook } from '../schemas/handbook.js';
import { SimulatedClock } from './clock/SimulatedClock.js';
import { Orchestration } from './Orchestration.js';
import { loadDefaultHandbook } from './protocol/defaultHandbook.js';
import { Random } from './random.js';
import { planRuns } from './scenarioRuns.js';
import { selectScenarios } from './scenarios/index.js';
import type { Mode } from './scenarios/Scenario.js';
import { DAY, HOUR } from './scenarios/time.js';
import { Tracing } from './telemetry/Tracing.js';

/** Default OTLP/HTTP endpoint (CONTRACT §3). */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4318';
/** Hop limit of scenarios whose story does not set one. */
export const DEFAULT_HOP_LIMIT = 8;

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
  /** Export into this exporter instead of OTLP (tests, benchmarks). */
  exporter?: SpanExporter;
  /** Run only this mode; default: every mode each scenario supports, customers split between them. */
  mode?: Mode;
  /** Deepest hop an action may have; 0 = off. Default: the scenario's own, else {@link DEFAULT_HOP_LIMIT}. */
  hopLimit?: number;
  /** Virtual start, epoch ms; default `days` before now, so the data lands in the last days. */
  startMs?: number;
  /** The handbook the guard enforces; default `schemas/protocols.default.json`. */
  handbook?: Handbook;
  /** Progress in virtual hours simulated. */
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
  const scenarios = selectScenarios(opts.scenario);
  const runs = planRuns(scenarios, opts.customers, opts.mode);
  if (runs.length === 0) throw new Error(`scenario "${opts.scenario}" does not run in mode "${opts.mode}"`);
  const handbook = opts.handbook ?? loadDefaultHandbook();
  const startMs = opts.startMs ?? Date.now() - opts.days * DAY;
  const endMs = startMs + opts.days * DAY;
  const exporter = opts.exporter ?? new OTLPTraceExporter({ url: `${(opts.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '')}/v1/traces` });
  const tracing = new Tracing({ exporter, seed: opts.seed });
  const seeds = new Random(opts.seed);

  const hoursPerRun = Math.ceil(opts.days * 24);
  const total = hoursPerRun * runs.length;
  const perScenario: Record<string, number> = {};
  try {
    for (const [index, planned] of runs.entries()) {
      const clock = new SimulatedClock(startMs);
      const orchestration = new Orchestration({
        clock,
        // Each run draws from its own stream, so adding a run does not change the others.
        random: new Random(seeds.nextUint32()),
        tracing,
        handbook,
        hopLimit: opts.hopLimit ?? planned.scenario.defaultHopLimit ?? DEFAULT_HOP_LIMIT,
      });
      const before = tracing.produced;
      planned.scenario.schedule({
        orchestration,
        mode: planned.mode,
        customers: planned.customers,
        startMs,
        endMs,
        handbook,
        customerId: (i) => `${planned.prefix}-${String(i).padStart(5, '0')}`,
      });
      const doneBefore = index * hoursPerRun;
      await clock.run({
        until: endMs,
        onYield: async () => {
          opts.onProgress?.(doneBefore + Math.floor((clock.now() - startMs) / HOUR), total);
          await tracing.drain();
          // Let exporter callbacks and timers run even when nothing waits for them.
          await new Promise((resolve) => setImmediate(resolve));
        },
      });
      opts.onProgress?.(doneBefore + hoursPerRun, total);
      perScenario[planned.scenario.name] = (perScenario[planned.scenario.name] ?? 0) + tracing.produced - before;
    }
  } finally {
    await tracing.shutdown();
  }
  return { spans: tracing.produced, perScenario, elapsedMs: performance.now() - began };
}

function validate(opts: SimulateOptions): void {
  const positiveInt = (name: string, value: number) => {
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${value}`);
  };
  positiveInt('customers', opts.customers);
  if (!Number.isFinite(opts.days) || opts.days <= 0) throw new Error(`days must be a positive number, got ${opts.days}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  if (opts.hopLimit !== undefined && (!Number.isInteger(opts.hopLimit) || opts.hopLimit < 0)) {
    throw new Error(`hopLimit must be a non-negative integer (0 = off), got ${opts.hopLimit}`);
  }
}
