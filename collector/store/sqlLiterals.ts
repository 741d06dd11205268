/**
 * Values written into SQL text, for the few reads that must run without bound parameters: embedded chDB runs
 * queries with bound parameters one at a time in the whole process, so a lookup that binds them waits for any
 * analysis running, while one without runs beside it on a connection of its own.
 */

/**
 * A ClickHouse string literal holding exactly `value`: every backslash and quote escaped, and NUL written as `\0`
 * (no raw NUL byte reaches the query text).
 */
export function stringLiteral(value: string): string {
  return `'${value.replace(/[\\'\0]/g, (c) => (c === '\0' ? '\\0' : `\\${c}`))}'`;
}

/** A ClickHouse array literal of the strings. */
export function stringArrayLiteral(values: readonly string[]): string {
  return `[${values.map(stringLiteral).join(', ')}]`;
}

/** An integer literal; throws on anything else (a non-finite or fractional number would change the query). */
export function integerLiteral(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`expected a safe integer for a SQL literal, got ${value}`);
  return String(value);
}
