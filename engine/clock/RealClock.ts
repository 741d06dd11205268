import type { Clock } from './Clock.js';

/** The wall clock, used by the live part of the demo. */
export class RealClock implements Clock {
  /** {@inheritDoc Clock.now} */
  now(): number {
    return Date.now();
  }
}
