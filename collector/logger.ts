/** Minimal structured logger: one line per event, `level message key=value ...`, to stderr. */

/** What the collector logs through. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function format(level: string, message: string, fields?: Record<string, unknown>): string {
  const extra = fields
    ? Object.entries(fields)
        .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`)
        .join(' ')
    : '';
  return `${new Date().toISOString()} ${level} ${message}${extra ? ' ' + extra : ''}`;
}

/** A logger writing to stderr (stdout stays for the listener lines users and scripts read). */
export function createConsoleLogger(): Logger {
  return {
    info: (m, f) => console.error(format('info', m, f)),
    warn: (m, f) => console.error(format('warn', m, f)),
    error: (m, f) => console.error(format('error', m, f)),
  };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
