import type { ContradictionRule, Handbook } from '../../schemas/handbook.js';
import { parseDurationMs, ruleMatchers } from '../../schemas/handbook.js';
import { createBusinessSpan, NO_ATTRIBUTES, NO_LINKS, type BusinessSpan } from './BusinessSpan.js';
import { evaluateHandbook } from './evaluateHandbook.js';
import { compileMatcher } from './matchSpan.js';

/**
 * What the global spans (no customer) of a range mean for narrowing a conflict search to a few customers. Global
 * spans count for every customer (CONTRACT §2), so the store's candidate search needs them spelled out: which own
 * spans a global span can pair with (windows per subject), and whether global spans alone make a violation, which
 * then concerns every customer and rules narrowing out.
 */

/** Time windows (epoch ms, inclusive, widened to whole ms) per subject key ('' when the rule ignores subjects). */
export type WindowsBySubject = Map<string, Array<[number, number]>>;

/** For one contradiction rule: own spans of side `a` (or `b`) inside these windows pair with a global span. */
export interface GlobalPartnerWindows {
  a: WindowsBySubject;
  b: WindowsBySubject;
}

const PROBE_CUSTOMER = '\u0000probe';

/**
 * True when the global spans alone make a violation in the range (reported for every customer), or when a frequency
 * rule counts global spans (their windows span customers): the conflict search must then look at every customer.
 * `globals` are the range's global spans matching some rule, look-back included.
 */
export function needsEveryCustomer(handbook: Handbook, globals: readonly BusinessSpan[], range: { fromMs: number; toMs: number }): boolean {
  for (const rule of handbook.rules) {
    if (rule.kind === 'frequency' && globals.some(compileMatcher(rule.match))) return true;
  }
  // A customer with one span matching nothing gets exactly the violations made of global spans alone.
  const probe = createBusinessSpan({
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    serviceName: '',
    startMs: range.fromMs,
    durationNs: 0,
    links: NO_LINKS,
    attributes: NO_ATTRIBUTES,
    customerId: PROBE_CUSTOMER,
  });
  return evaluateHandbook(handbook, [...globals, probe], range).length > 0;
}

function addWindow(target: WindowsBySubject, key: string, lo: number, hi: number): void {
  const list = target.get(key);
  const window: [number, number] = [Math.floor(lo), Math.ceil(hi)];
  if (list) list.push(window);
  else target.set(key, [window]);
}

/**
 * For each rule (by handbook index; `undefined` for rules other than contradictions), the windows in which an own
 * span pairs with a global span of the other side: as the later span (anchor, in the range, at most `within` after the
 * global one) or as the earlier partner of a global anchor in the range. A superset: the exact pairing is left to
 * the analysis.
 */
export function globalPartnerWindows(
  handbook: Handbook,
  globals: readonly BusinessSpan[],
  range: { fromMs: number; toMs: number },
): Array<GlobalPartnerWindows | undefined> {
  return handbook.rules.map((rule) => (rule.kind === 'contradiction' ? contradictionWindows(rule, globals, range) : undefined));
}

function contradictionWindows(rule: ContradictionRule, globals: readonly BusinessSpan[], range: { fromMs: number; toMs: number }): GlobalPartnerWindows {
  const within = parseDurationMs(rule.within);
  const isA = compileMatcher(rule.a);
  const isB = compileMatcher(rule.b);
  const out: GlobalPartnerWindows = { a: new Map(), b: new Map() };
  // Which side may anchor (be the later span of) a pair.
  const anchorA = rule.order !== 'a-then-b';
  const anchorB = rule.order !== 'b-then-a';
  for (const g of globals) {
    if (g.decision === 'deny') continue;
    const key = rule.sameSubject ? g.subject : '';
    if (key === undefined) continue;
    const inRange = g.startMs >= range.fromMs && g.startMs < range.toMs;
    for (const [gIsSide, ownSide, ownAnchors, gAnchors] of [
      [isB(g), 'a', anchorA, anchorB],
      [isA(g), 'b', anchorB, anchorA],
    ] as const) {
      if (!gIsSide) continue;
      if (ownAnchors) addWindow(out[ownSide], key, Math.max(g.startMs, range.fromMs), g.startMs + within);
      if (gAnchors && inRange) addWindow(out[ownSide], key, g.startMs - within, g.startMs);
    }
  }
  return out;
}

/**
 * The handbook's rules (by index, ascending) in up to two groups whose spans are read apart, so that one group's
 * violations are evaluated while ClickHouse reads the other's spans. Rules whose matchers share an intent or an event
 * stay in one group, so the two reads take different spans (the `handbook_spans` projection keeps each intent's and
 * event's spans together), and the groups are balanced by `weights` (per rule, e.g. its candidate customers). One
 * group when a matcher names neither an intent nor an event (its spans come from a scan, which two reads would
 * repeat) or when every rule shares a key with another.
 */
export function ruleReadGroups(handbook: Handbook, weights: readonly number[]): number[][] {
  const all = handbook.rules.map((_, r) => r);
  // Union-find over the rules: two rules are joined when a matcher of each names the same intent (else event).
  const parent = all.slice();
  const root = (r: number): number => (parent[r] === r ? r : (parent[r] = root(parent[r]!)));
  const ruleOfKey = new Map<string, number>();
  for (const r of all) {
    for (const m of ruleMatchers(handbook.rules[r]!)) {
      const key = m.intent !== undefined ? `intent:${m.intent}` : m.event !== undefined ? `event:${m.event}` : undefined;
      if (key === undefined) return [all];
      const other = ruleOfKey.get(key);
      if (other === undefined) ruleOfKey.set(key, r);
      else parent[root(r)] = root(other);
    }
  }
  const components = new Map<number, number[]>();
  for (const r of all) {
    const component = components.get(root(r));
    if (component) component.push(r);
    else components.set(root(r), [r]);
  }
  if (components.size < 2) return [all];
  const weight = (rules: readonly number[]): number => rules.reduce((sum, r) => sum + (weights[r] ?? 0), 0);
  const groups: [number[], number[]] = [[], []];
  for (const component of [...components.values()].sort((x, y) => weight(y) - weight(x))) {
    (weight(groups[0]) <= weight(groups[1]) ? groups[0] : groups[1]).push(...component);
  }
  return groups.filter((group) => group.length > 0).map((group) => group.sort((x, y) => x - y));
}
