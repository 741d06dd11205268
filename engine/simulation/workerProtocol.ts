import type { SpanSink } from '../telemetry/createExporter.js';
import type { SimulationRequest } from './SimulationPlan.js';

/** `workerData` of a simulation worker. */
export interface WorkerInput {
  request: SimulationRequest;
  sink: SpanSink;
}

/** Main thread → worker: run one planned run, or flush and finish. */
export type ToWorker = { type: 'run'; index: number } | { type: 'finish' };

/** Worker → main thread. */
export type FromWorker =
  /** Ready for a (next) run. */
  | { type: 'idle' }
  /** Virtual hours simulated so far in run `index`. */
  | { type: 'progress'; index: number; hours: number }
  | { type: 'ran'; index: number; spans: number }
  /** Every span exported; the worker exits. */
  | { type: 'finished' }
  | { type: 'failed'; message: string };
