import type { Clock } from './Clock.js';

/** A clock that can also run a callback at a later time (virtual or real). */
export interface Scheduler extends Clock {
  /** Runs `run` at time `at` (epoch ms); a time in the past runs as soon as possible. */
  at(at: number, run: () => void): void;
}
