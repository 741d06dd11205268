// Worker threads do not inherit the main thread's loader hooks, so when the engine runs from its TypeScript sources
// (tsx) a worker starts here: register tsx, then load the real entry named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
