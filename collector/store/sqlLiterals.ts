/**
 * Values written into SQL text, for the reads that must run without bound parameters: embedded chDB runs queries
 * with bound parameters one at a time in the whole process, so a lookup that binds them waits for any analysis
 * running, while one without runs beside it on a connection of its own.
 */

/**
 * A literal of a bound parameter's value: a string (every backslash and quote escaped, NUL written as `\0` so that no
 * raw NUL byte reaches the query text), a finite number (integers exact only up to 2^53: larger ones throw), a
 * bigint, a boolean, or an array of them.
 */
function valueLiteral(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/[\\'\0]/g, (c) => (c === '\0' ? '\\0' : `\\${c}`))}'`;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) {
      throw new RangeError(`no exact SQL literal for the number ${value}`);
    }
    return String(value);
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
