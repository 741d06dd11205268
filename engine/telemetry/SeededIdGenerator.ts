import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import { Random } from '../random.js';

/** Two-digit lower-case hex of every byte: building ids from a table is several times faster than `toString(16)`. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Trace and span ids drawn from a seeded generator, so the same seed yields the same ids. */
export class SeededIdGenerator implements IdGenerator {
  private random: Random;

  /** Starts the id sequence for `seed`. */
  constructor(seed: number) {
    this.random = idRandom(seed);
  }

  /**
   * Restarts the sequence for `seed`. Each simulation run reseeds, so its ids do not depend on which runs came
   * before it in the same process — the same run gives the same ids in-process or in a worker thread.
   */
  reseed(seed: number): void {
    this.random = idRandom(seed);
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
    const x = this.random.nextUint32();
    return HEX[x >>> 24]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
  }
}

function idRandom(seed: number): Random {
  // Offset so ids do not replay the scenario's own random sequence.
  return new Random(seed ^ 0x5eed1d5);
}
