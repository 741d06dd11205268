/**
 * Compiles business-span filters to SQL with bound parameters, so ClickHouse returns only the spans an analysis can
 * use: the spans a handbook rule matches, or the spans that can be loop steps. Shipping a week of every span to
 * JavaScript would cost seconds; these filters keep it to the relevant fraction.
 */
import type { Matcher } from '../../schemas/handbook.js';

/** `Timestamp` in [{from}, {to}): a half-open range of epoch ms parameters, named as given. */
export function inRangeSql(from: string, to: string): string {
  return `Timestamp >= fromUnixTimestamp64Milli({${from}:Int64}) AND Timestamp < fromUnixTimestamp64Milli({${to}:Int64})`;
}

/** A SQL condition and its parameters. */
export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

const COLUMN: Record<Exclude<keyof Matcher, 'attributes'>, string> = {
  intent: 'Intent',
  event: 'Event',
  agent: 'Agent',
  channel: 'Channel',
  subject: 'Subject',
  model: 'Model',
};

/** `(m1) OR (m2) ...`: a span matching any of the matchers (each matcher's keys all match). */
export function matchersToSql(matchers: readonly Matcher[], prefix = 'm'): SqlCondition {
  const params: Record<string, unknown> = {};
  let n = 0;
  const bind = (value: string): string => {
    const name = `${prefix}${n++}`;
    params[name] = value;
    return `{${name}:String}`;
  };
  const clauses = matchers.map((m) => {
    const parts: string[] = [];
    for (const key of Object.keys(COLUMN) as Array<keyof typeof COLUMN>) {
      const value = m[key];
      if (value !== undefined) parts.push(`${COLUMN[key]} = ${bind(value)}`);
    }
    for (const [k, v] of Object.entries(m.attributes ?? {})) parts.push(`OtherAttributes[${bind(k)}] = ${bind(v)}`);
    return parts.length ? `(${parts.join(' AND ')})` : '0';
  });
  return { sql: clauses.length ? `(${clauses.join(' OR ')})` : '0', params };
}

/**
 * A condition on `Intent` and `Event` alone that every span matching one of the matchers meets
 * (`Intent IN (...) OR Event IN (...)`), or `undefined` when a matcher names neither. A query over weeks of handbook
 * spans adds it so that ClickHouse reads the `handbook_spans` projection (ordered by intent and event, migration 014):
 * it cannot derive such a range from matcher conditions mixed with time windows.
 */
export function matcherKeysSql(matchers: readonly Matcher[], prefix: string): SqlCondition | undefined {
  const intents = new Set<string>();
  const events = new Set<string>();
  for (const m of matchers) {
    if (m.intent !== undefined) intents.add(m.intent);
    else if (m.event !== undefined) events.add(m.event);
    else return undefined;
  }
  return {
    sql: `(Intent IN {${prefix}Intents:Array(String)} OR Event IN {${prefix}Events:Array(String)})`,
    params: { [`${prefix}Intents`]: [...intents], [`${prefix}Events`]: [...events] },
  };
}

/**
 * Spans of `flexix_business_spans` that can take part in a feedback loop: actions (`ActionAgent`, migrations 012–013) and
 * spans holding links (the causal joins between steps). Mirrors `isLoopCandidate` in the analysis layer.
 */
export const LOOP_CANDIDATE_SQL = '(ActionAgentHash != 0 OR notEmpty(LinkSpanIds))';

/**
 * Over a group of business spans (those meeting `condition`, when given): how many, and their ids combined
 * (`SpanFingerprint.fingerprint`).
 */
export function spansFingerprintSql(condition?: string): string {
  const count = condition === undefined ? 'count()' : `countIf(${condition})`;
  const xor = (column: string) => (condition === undefined ? `groupBitXor(${column})` : `groupBitXorIf(${column}, ${condition})`);
  return `concat(toString(${count}), ':', toString(${xor('SpanNumber')}), ':', toString(${xor('TraceLow')}))`;
}
