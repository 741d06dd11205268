import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SpanSink } from '../telemetry/createExporter.js';
import type { SimulationPlan } from './SimulationPlan.js';
import type { FromWorker, ToWorker, WorkerInput } from './workerProtocol.js';

/** Spans per run index, as the workers report them. */
export type SpansPerRun = Map<number, number>;

/**
 * Starts a worker on the sibling module `simulateWorker`; from TypeScript sources, through a bootstrap that registers
 * tsx in the worker first.
 */
function startWorker(input: WorkerInput): Worker {
  const ext = extname(fileURLToPath(import.meta.url));
  const entry = new URL(`./simulateWorker${ext}`, import.meta.url);
  if (ext !== '.ts') return new Worker(entry, { workerData: input });
  return new Worker(new URL('./tsxWorkerBootstrap.mjs', import.meta.url), { workerData: { ...input, entry: entry.href } });
}

/**
 * Runs a plan on `count` worker threads, each with its own exporter built from `sink`. Runs are handed out one at a
 * time, heaviest first, to whichever worker is idle, so a heavy scenario does not leave the other cores waiting. Every run is seeded
 * by the plan, so the spans do not depend on which worker ran it.
 */
export function runInWorkers(
  plan: SimulationPlan,
  sink: SpanSink,
  count: number,
  onProgress?: (done: number, total: number) => void,
): Promise<SpansPerRun> {
  const total = plan.hoursPerRun * plan.runs.length;
  const hours = new Map<number, number>();
  const spans: SpansPerRun = new Map();
  // Heaviest runs first (longest-processing-time scheduling).
  const cost = (i: number) => plan.runs[i]!.customers * plan.runs[i]!.scenario.spansPerCustomer;
  const queue = plan.runs.map((_, i) => i).sort((a, b) => cost(b) - cost(a));
  let finished = 0;
  const workers = Array.from({ length: Math.min(count, plan.runs.length) }, () => startWorker({ request: plan.request, sink }));

  return new Promise((resolve, reject) => {
    const abort = (err: Error): void => {
      for (const worker of workers) void worker.terminate();
      reject(err);
    };
    for (const worker of workers) {
      const send = (message: ToWorker): void => worker.postMessage(message);
      worker.on('error', abort);
      worker.on('exit', (code) => {
        if (code !== 0) abort(new Error(`simulation worker exited with code ${code}`));
      });
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'idle':
            send(queue.length > 0 ? { type: 'run', index: queue.shift()! } : { type: 'finish' });
            break;
          case 'progress': {
            hours.set(message.index, message.hours);
            let done = 0;
            for (const h of hours.values()) done += h;
            onProgress?.(done, total);
            break;
          }
          case 'ran':
            spans.set(message.index, message.spans);
            break;
          case 'finished':
            if (++finished === workers.length) resolve(spans);
            break;
          case 'failed':
            abort(new Error(message.message));
            break;
        }
      });
    }
  });
}
