/**
 * Entry point of a simulation worker thread: runs the planned runs the main thread hands out, one at a time, into its
 * own tracing pipeline (see `runInWorkers`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createExporter } from '../telemetry/createExporter.js';
import { Tracing } from '../telemetry/Tracing.js';
import { executeRun, planSimulation } from './SimulationPlan.js';
import type { FromWorker, ToWorker, WorkerInput } from './workerProtocol.js';

const port = parentPort;
if (!port) throw new Error('simulateWorker must run in a worker thread');
const input = workerData as WorkerInput;
const send = (message: FromWorker): void => port.postMessage(message);
const fail = (err: unknown): void => send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });

const plan = planSimulation(input.request);
const tracing = new Tracing({ exporter: createExporter(input.sink), seed: input.request.seed });

port.on('message', (message: ToWorker) => {
  if (message.type === 'run') {
    executeRun(plan, message.index, tracing, (hours) => send({ type: 'progress', index: message.index, hours }))
      .then((spans) => {
        send({ type: 'ran', index: message.index, spans });
        send({ type: 'idle' });
      })
      .catch(fail);
  } else {
    tracing
      .shutdown()
      .then(() => {
        send({ type: 'finished' });
        port.close();
      })
      .catch(fail);
  }
});
send({ type: 'idle' });
