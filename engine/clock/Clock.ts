/** A source of the current time in epoch milliseconds: the wall clock, or the virtual time of a simulation. */
export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
}
