import type { BusinessSpan } from './BusinessSpan.js';

/** A span as the API lists it next to a finding (CONTRACT §4 conflicts shape). */
export interface SpanRef {
  traceId: string;
  spanId: string;
  agent: string;
  /** ISO 8601. */
  start: string;
}

const DAY_MS = 86_400_000;
/** The furthest instant from 1970 a `Date` holds. */
const MAX_DATE_MS = 8.64e15;
// The date part (`YYYY-MM-DDT`) of each day seen, by day number; cleared when it holds 4,096 days.
const datePrefixes = new Map<number, string>();
const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * Epoch milliseconds → ISO 8601 (UTC, millisecond precision), as `Date.prototype.toISOString` writes it. The date
 * part is formatted once per day and the time computed: 45,000 instants of one week in 4 ms instead of 21 ms through
 * `Date` (a week's conflicts at 10M spans format about as many).
 */
export function toIso(ms: number): string {
  const t = Math.floor(ms);
  if (!(Math.abs(t) <= MAX_DATE_MS)) throw new RangeError(`Invalid time value: ${ms}`);
  const day = Math.floor(t / DAY_MS);
  let prefix = datePrefixes.get(day);
  if (prefix === undefined) {
    const iso = new Date(day * DAY_MS).toISOString();
    prefix = iso.slice(0, iso.indexOf('T') + 1);
    if (datePrefixes.size >= 4096) datePrefixes.clear();
    datePrefixes.set(day, prefix);
  }
  let rest = t - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  rest -= seconds * 1000;
  return `${prefix}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${rest < 10 ? '00' : rest < 100 ? '0' : ''}${rest}Z`;
}

/**
 * The actor to show for a span: the `flexix.agent`, else the command journey id, else the service name, so that
 * plain OpenTelemetry spans without Flexix attributes still get a readable label.
 */
export function displayAgent(span: BusinessSpan): string {
  return span.agent ?? span.journeyId ?? span.serviceName;
}

/** The {@link SpanRef} of a span. */
export function toSpanRef(span: BusinessSpan): SpanRef {
  return { traceId: span.traceId, spanId: span.spanId, agent: displayAgent(span), start: toIso(span.startMs) };
}

/**
 * Total order on spans: by start, then causal depth (`flexix.hop`, absent = 0), then trace id, then span id. Ties in
 * time are common with a simulated clock: the hop keeps a chain's reactions in causal order when they share a
 * timestamp, and the ids keep every result deterministic.
 */
export function compareSpans(x: BusinessSpan, y: BusinessSpan): number {
  if (x.startMs !== y.startMs) return x.startMs - y.startMs;
  const hx = x.hop ?? 0;
  const hy = y.hop ?? 0;
  if (hx !== hy) return hx - hy;
  if (x.traceId !== y.traceId) return x.traceId < y.traceId ? -1 : 1;
  if (x.spanId !== y.spanId) return x.spanId < y.spanId ? -1 : 1;
  return 0;
}

/** A stable identity for a span across traces (span ids are only unique within a trace). */
export function spanKey(traceId: string, spanId: string): string {
  return `${traceId}/${spanId}`;
}
