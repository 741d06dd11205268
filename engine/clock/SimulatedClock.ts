import type { Scheduler } from './Scheduler.js';
import { TimerQueue } from './TimerQueue.js';

/** Options of {@link SimulatedClock.run}. */
export interface RunOptions {
  /** Stop before the first timer due after this time (epoch ms); the clock then reads `until`. */
  until: number;
  /**
   * Called every `yieldEvery` timers; awaiting it lets exporters drain and callers apply backpressure, so a long
   * simulation neither starves the event loop nor queues unbounded spans.
   */
  onYield?: () => Promise<void> | void;
  /** Timers between two `onYield` calls (default 500). */
  yieldEvery?: number;
}

/**
 * Virtual time advanced by a scheduler: callbacks wait in a priority queue and the clock jumps straight to the next
 * one, so weeks of virtual time run in seconds. Equal times run in the order they were scheduled.
 */
export class SimulatedClock implements Scheduler {
  private current: number;
  private readonly timers = new TimerQueue();

  /** Starts virtual time at `startMs` (epoch ms). */
  constructor(startMs: number) {
    this.current = startMs;
  }

  /** {@inheritDoc Clock.now} */
  now(): number {
    return this.current;
  }

  /** {@inheritDoc Scheduler.at} */
  at(at: number, run: () => void): void {
    this.timers.push(Math.max(at, this.current), run);
  }

  /** Number of callbacks waiting. */
  get pending(): number {
    return this.timers.size;
  }

  /** Runs every timer due up to `until`, in time order; returns the number of timers run. */
  async run(options: RunOptions): Promise<number> {
    const yieldEvery = options.yieldEvery ?? 500;
    let ran = 0;
    for (;;) {
      const next = this.timers.peek();
      if (next === undefined || next.at > options.until) break;
      this.timers.pop();
      this.current = next.at;
      next.run();
      ran++;
      if (options.onYield && ran % yieldEvery === 0) await options.onYield();
    }
    this.current = Math.max(this.current, options.until);
    return ran;
  }
}
