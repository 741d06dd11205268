/**
 * Values written into SQL text, for the reads that must run without bound parameters: embedded chDB runs queries
 * with bound parameters one at a time in the whole process, so a lookup that binds them waits for any analysis
 * running, while one without runs beside it on a connection of its own.
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

/** A literal of a bound parameter's value: a string, a finite number, a bigint, a boolean, or an array of them. */
function valueLiteral(value: unknown): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`expected a finite number for a SQL literal, got ${value}`);
    return Number.isInteger(value) ? integerLiteral(value) : String(value);
  }
  if (Array.isArray(value)) return `[${value.map(valueLiteral).join(', ')}]`;
  throw new TypeError(`no SQL literal for a value of type ${typeof value}`);
}

/**
 * String literals, quoted identifiers and comments (left as they are), or a bound parameter `{name:Type}` (groups 1
 * and 2): ClickHouse reads placeholders outside the first three only.
 */
const SQL_TOKENS = /'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`|--[^\n]*|\/\*[\s\S]*?\*\/|\{(\w+):([^{}]+)\}/g;

/**
 * `sql` with each bound parameter `{name:Type}` replaced by its value from `params` as a literal cast to that type,
 * which ClickHouse reads as it would have bound it. Placeholders are found in `sql` as written, outside its string
 * literals, quoted identifiers and comments (a value holding `{x:String}` is never replaced in turn); a placeholder
 * without a value throws.
 */
export function inlineParams(sql: string, params: Readonly<Record<string, unknown>>): string {
  return sql.replace(SQL_TOKENS, (token, name: string | undefined, type: string | undefined) => {
    if (name === undefined) return token;
    if (!Object.hasOwn(params, name)) throw new Error(`no value for the query parameter {${name}:${type}}`);
    return `CAST(${valueLiteral(params[name])} AS ${type})`;
  });
}
