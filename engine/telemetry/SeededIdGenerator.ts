import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import { Random } from '../random.js';

/** Trace and span ids drawn from a seeded generator, so the same seed yields the same ids. */
export class SeededIdGenerator implements IdGenerator {
  private readonly random: Random;

  /** Starts the id sequence for `seed`. */
  constructor(seed: number) {
    // Offset so ids do not replay the scenario's own random sequence.
    this.random = new Random(seed ^ 0x5eed1d5);
  }

  /** {@inheritDoc IdGenerator.generateTraceId} */
  generateTraceId(): string {
    return this.hex32() + this.hex32() + this.hex32() + this.hex32();
  }

  /** {@inheritDoc IdGenerator.generateSpanId} */
  generateSpanId(): string {
    return this.hex32() + this.hex32();
  }

  private hex32(): string {
    return this.random.nextUint32().toString(16).padStart(8, '0');
  }
}
