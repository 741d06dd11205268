/** Flag parsers shared by the CLI's commands. */
import { InvalidArgumentError } from 'commander';

/** Parses a repeatable flag into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses an integer flag, naming the flag in the error. */
export function intFlag(flag: string, min = 0): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${flag} expects an integer >= ${min}, got "${value}"`);
    return n;
  };
}
