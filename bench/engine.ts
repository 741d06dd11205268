/**
 * Engine benchmark: spans generated per second by `simulate` of every scenario, export included — each batch is
 * serialized to OTLP protobuf exactly as the OTLP/HTTP proto exporter does (`ProtobufTraceSerializer`), then the bytes
 * are dropped, so the figure measures the engine and the encoding without a server.
 * Run alone: `node --import tsx bench/engine.ts`.
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { simulate } from '../engine/simulate.js';

/** Customers per scenario: sized so that `all` over 28 days produces well over 200k spans. */
const CUSTOMERS = 5000;
const DAYS = 28;

/** Engine throughput figures. */
export interface EngineBench {
  spans: number;
  seconds: number;
  spansPerSecond: number;
}

/** Runs the benchmark once on `workers` threads (default: one per core) and returns its figures. */
export async function benchEngine(workers = availableParallelism()): Promise<EngineBench> {
  const result = await simulate({ scenario: 'all', customers: CUSTOMERS, days: DAYS, seed: 42, startMs: Date.UTC(2025, 0, 6), sink: 'discard', workers });
  const seconds = result.elapsedMs / 1000;
  return { spans: result.spans, seconds, spansPerSecond: result.spans / seconds };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const print = (label: string, b: EngineBench) =>
    console.log(`engine (${label}): ${b.spans} spans in ${b.seconds.toFixed(2)} s = ${Math.round(b.spansPerSecond)} spans/s, OTLP protobuf serialization included`);
  print('1 thread', await benchEngine(1));
  const workers = availableParallelism();
  if (workers > 1) print(`${workers} worker threads`, await benchEngine(workers));
}
