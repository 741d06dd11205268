/**
 * The conflict search's first stage, in ClickHouse: the customers who can have a handbook violation anchored in a
 * range, each with the rules it can break. Only their spans of those rules (and the global ones) then go to the exact
 * analysis (`evaluateHandbook`), so a week of millions of spans costs one aggregation instead of shipping every
 * matching span to JavaScript.
 *
 * Per customer, over the spans any rule matches (denied actions left out, as in the analysis), one array per rule,
 * each holding only the spans the rule can pair with an anchor in the range (from its `within` before the range, or
 * from the range's start for a sequence's `then`) and checked in one linear pass without nested loops:
 * - contradiction: anchors from the range and partners from `within` before it, sorted by subject key and time with
 *   partners first at equal times; `arrayFill` carries the latest partner forward; an anchor with a partner at most
 *   `within` before it (same subject key) is a candidate pair. Undirected rules check both directions. Own spans
 *   inside the windows where they pair with a global span (computed from the global spans beforehand, see
 *   `conflictCandidates.ts`) count too;
 * - frequency: sorted times; a span in the range with the span `max` places earlier at most `within` before it;
 * - sequence: a `then` span in the range (whether a `first` preceded it is left to the analysis).
 * A customer is a candidate for each rule with such a finding.
 * Times are whole milliseconds, compared with one millisecond of slack, and subjects are compared as odd 64-bit
 * hashes (a collision can only pair more; 0 stands for no subject), so the answer is a superset of the customers with
 * violations and never misses one.
 */
import type { Handbook, Matcher } from '../../schemas/handbook.js';
import { parseDurationMs } from '../../schemas/handbook.js';
import type { GlobalPartnerWindows } from '../analysis/conflictCandidates.js';
import { ARRAY_QUERY_SETTINGS } from './arrayQuerySettings.js';
import { inRangeSql, matcherKeysSql, matchersToSql, type SqlCondition } from './businessSpanFilterSql.js';

/**
 * The query returning one row per candidate customer: `CustomerId`, and `rules`, the indexes (in handbook order) of
 * the rules the customer can break. `db` is a validated, quoted identifier. `onlyWindows`: only the customers with
 * spans in the `windows` (pairing with global spans), for their contradiction rules.
 */
export function conflictCandidateCustomersSql(
  db: string,
  handbook: Handbook,
  range: { fromMs: number; toMs: number },
  windows: ReadonlyArray<GlobalPartnerWindows | undefined>,
  onlyWindows = false,
): SqlCondition {
  const fromMs = Math.floor(range.fromMs);
  const params: Record<string, unknown> = { fromMs, toMs: Math.ceil(range.toMs) };
  const flags: string[] = [];
  const flagNames: string[] = [];
  const flagged: Matcher[] = [];
  const arrays: string[] = [];
  // Per rule, the conditions of which any makes the customer a candidate for it.
  const conditions: string[][] = handbook.rules.map(() => []);
  const hot: string[] = [];
  // A column telling whether a span matches `m` and is not older than `fromParam` (a span the rule cannot pair with
  // an anchor in the range stays out of its array), named `name`.
  const matcher = (name: string, m: Matcher, fromParam: string): string => {
    const sql = matchersToSql([m], `${name}_`);
    Object.assign(params, sql.params);
    flags.push(`(${sql.sql} AND ts >= {${fromParam}:Int64}) AS ${name}`);
    flagNames.push(name);
    flagged.push(m);
    return name;
  };
  let lookbackMs = 0;
  handbook.rules.forEach((rule, r) => {
    if (onlyWindows && rule.kind !== 'contradiction') return;
    if (rule.kind === 'sequence') {
      const then = matcher(`t${r}`, rule.then, 'fromMs');
      conditions[r]!.push(`max(${then} AND ts >= {fromMs:Int64} AND ts < {toMs:Int64})`);
      return;
    }
    const within = parseDurationMs(rule.within);
    lookbackMs = Math.max(lookbackMs, within);
    // The window in whole milliseconds with one of slack, and the earliest span an anchor in the range pairs with.
    const windowMs = Math.ceil(within) + 1;
    params[`w${r}`] = windowMs;
    params[`from${r}`] = fromMs - windowMs;
    if (rule.kind === 'frequency') {
      const m = matcher(`m${r}`, rule.match, `from${r}`);
      params[`max${r}`] = rule.max;
      arrays.push(`arraySort(groupArrayIf(ts, ${m})) AS times${r}`);
      conditions[r]!.push(`arrayExists((t, p, i) -> i > {max${r}:UInt32} AND t >= {fromMs:Int64} AND t < {toMs:Int64} AND t - p <= {w${r}:Int64},
        times${r}, arrayShiftRight(times${r}, {max${r}:UInt32}, toInt64(0)), arrayEnumerate(times${r}))`);
      return;
    }
    const a = matcher(`a${r}`, rule.a, `from${r}`);
    const b = matcher(`b${r}`, rule.b, `from${r}`);
    const key = rule.sameSubject ? 'subjectKey' : '0';
    // (key, time, partner first at equal times, is anchor, is partner) for anchor side X and partner side Y. Anchors
    // only from the range: an X span before it can only be a partner (of the other direction, without an order).
    const direction = (x: string, y: string, n: string) => {
      const anchor = `(${x} AND ts >= {fromMs:Int64})`;
      arrays.push(`arraySort(groupArrayIf((${key}, ts, NOT ${y}, ${anchor}, ${y}), ${anchor} OR ${y})) AS s${n}`);
      conditions[r]!.push(`arrayExists((s, p) -> s.4 AND s.2 >= {fromMs:Int64} AND s.2 < {toMs:Int64} AND p.5 AND p.1 = s.1
        ${rule.sameSubject ? 'AND s.1 != 0' : ''} AND s.2 - p.2 <= {w${r}:Int64}, s${n}, arrayFill(p -> p.5, s${n}))`);
    };
    if (!onlyWindows && rule.order !== 'a-then-b') direction(a, b, `${r}a`);
    if (!onlyWindows && rule.order !== 'b-then-a') direction(b, a, `${r}b`);
    const w = windows[r];
    const inWindows: string[] = [];
    for (const [side, flag] of [['a', a], ['b', b]] as const) {
      if (!w || w[side].size === 0) continue;
      // The subject's windows found through a hash lookup of its number (`transform`), not a search of a map per span.
      const name = `hot${r}${side}`;
      params[`${name}Subjects`] = [...w[side].keys()];
      params[`${name}Numbers`] = [...w[side].keys()].map((_, i) => i + 1);
      params[`${name}Windows`] = [...w[side].values()];
      const subject = rule.sameSubject ? 'subject' : "''";
      const windowsOf = `{${name}Windows:Array(Array(Array(Int64)))}[transform(${subject}, {${name}Subjects:Array(String)}, {${name}Numbers:Array(UInt32)}, toUInt32(0))]`;
      inWindows.push(`(${flag} AND arrayExists(iv -> ts BETWEEN iv[1] AND iv[2], ${windowsOf}))`);
    }
    if (inWindows.length > 0) {
      hot.push(`max(${inWindows.join(' OR ')}) AS hot${r}`);
      conditions[r]!.push(`hot${r}`);
    }
  });
  params.lookbackFromMs = Math.floor(range.fromMs - lookbackMs);
  // Named first, for ClickHouse to read the `handbook_spans` projection (migration 014): the intents and events of the
  // matchers flagged above (a sequence's `first` is left to the analysis).
  const keys = matcherKeysSql(flagged, 'keys');
  if (keys) Object.assign(params, keys.params);
  // The rules the customer meets a condition of (every rule has one, but with `onlyWindows`).
  const rules = `arrayFilter((r, flagged) -> flagged, [${handbook.rules.map((_, r) => r).join(', ')}],
      [${conditions.map((c) => `(${c.length > 0 ? c.join('\n        OR ') : '0'})`).join(',\n      ')}]) AS rules`;
  const sql = `
SELECT CustomerId, rules FROM (
  SELECT ${['CustomerId', ...arrays, ...hot, rules].join(',\n    ')}
  FROM (
    SELECT CustomerId, toUnixTimestamp64Milli(Timestamp) AS ts, Subject AS subject, if(subject = '', 0, bitOr(cityHash64(subject), 1)) AS subjectKey,
      ${flags.join(', ')}
    FROM ${db}.flexix_business_spans
    WHERE ${keys ? `${keys.sql} AND ` : ''}CustomerId != '' AND Decision != 'deny'
      AND ${inRangeSql('lookbackFromMs', 'toMs')}
  )
  WHERE ${flagNames.length > 0 ? flagNames.join(' OR ') : '0'}
  GROUP BY CustomerId
)
WHERE notEmpty(rules)
${ARRAY_QUERY_SETTINGS}`;
  return { sql, params };
}
