/**
 * The conflicts view model: counts by rule, an agent-pair matrix, a daily trend per rule, and the customers behind
 * any rule or pair (the drill-down).
 */
import type { Violation } from '../../../collector/analysis/Violation.js';

const DAY = 86_400_000;

/** Conflicts of one rule. */
export interface RuleCount {
  rule: string;
  kind: Violation['kind'];
  count: number;
  customers: number;
}

/** The agent-pair matrix: symmetric; a violation by one agent alone (a frequency excess) sits on the diagonal. */
export interface PairMatrix {
  agents: string[];
  /** `cells[i][j]` = violations involving agents i and j. */
  cells: number[][];
  max: number;
}

/** Daily counts per rule, every day of the range present (zeros included) so lines do not skip gaps. */
export interface ConflictTrend {
  days: number[];
  series: Array<{ rule: string; counts: number[] }>;
}

/** A customer in the drill-down. */
export interface ConflictCustomer {
  customerId: string;
  count: number;
  rules: string[];
  lastAtMs: number;
}

/** Separator of an agent pair in the URL (`pair=a|b`); agent ids do not contain it. */
export const PAIR_SEPARATOR = '|';

/** The distinct agents of a violation, sorted. */
export function violationAgents(v: Violation): string[] {
  return [...new Set(v.spans.map((s) => s.agent))].sort();
}

/** The agent pairs a violation counts for: every pair of its distinct agents, or (a, a) for a single agent. */
export function violationPairs(v: Violation): Array<[string, string]> {
  const agents = violationAgents(v);
  if (agents.length === 1) return [[agents[0]!, agents[0]!]];
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < agents.length; i++) for (let j = i + 1; j < agents.length; j++) pairs.push([agents[i]!, agents[j]!]);
  return pairs;
}

/** Counts by rule, most frequent first. */
export function countByRule(conflicts: readonly Violation[]): RuleCount[] {
  const byRule = new Map<string, { kind: Violation['kind']; count: number; customers: Set<string> }>();
  for (const v of conflicts) {
    const entry = byRule.get(v.rule) ?? { kind: v.kind, count: 0, customers: new Set<string>() };
    entry.count++;
    entry.customers.add(v.customerId);
    byRule.set(v.rule, entry);
  }
  return [...byRule.entries()]
    .map(([rule, e]) => ({ rule, kind: e.kind, count: e.count, customers: e.customers.size }))
    .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
}

/** The agent-pair matrix. */
export function buildPairMatrix(conflicts: readonly Violation[]): PairMatrix {
  const agents = [...new Set(conflicts.flatMap(violationAgents))].sort();
  const index = new Map(agents.map((a, i) => [a, i]));
  const cells = agents.map(() => agents.map(() => 0));
  let max = 0;
  for (const v of conflicts) {
    for (const [a, b] of violationPairs(v)) {
      const i = index.get(a)!;
      const j = index.get(b)!;
      cells[i]![j]!++;
      if (i !== j) cells[j]![i]!++;
      max = Math.max(max, cells[i]![j]!);
    }
  }
  return { agents, cells, max };
}

/** Daily counts per rule over [fromMs, toMs] (UTC days). */
export function buildConflictTrend(conflicts: readonly Violation[], fromMs: number, toMs: number): ConflictTrend {
  const first = Math.floor(fromMs / DAY);
  const last = Math.floor(toMs / DAY);
  const days = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => (first + i) * DAY);
  const series = new Map<string, number[]>();
  for (const v of conflicts) {
    const d = Math.floor(v.atMs / DAY) - first;
    if (d < 0 || d >= days.length) continue;
    const counts = series.get(v.rule) ?? days.map(() => 0);
    counts[d]!++;
    series.set(v.rule, counts);
  }
  return { days, series: [...series.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([rule, counts]) => ({ rule, counts })) };
}

/** The drill-down filter: a rule, an agent pair, or both. */
export interface ConflictFilter {
  rule?: string;
  pair?: [string, string];
}

/** Parses `pair=a|b` from the URL. */
export function parsePair(value: string | undefined): [string, string] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(PAIR_SEPARATOR);
  return parts.length === 2 ? [parts[0]!, parts[1]!] : undefined;
}

/** Whether a violation passes the filter. */
export function matchesFilter(v: Violation, filter: ConflictFilter): boolean {
  if (filter.rule !== undefined && v.rule !== filter.rule) return false;
  if (filter.pair !== undefined) {
    const [a, b] = [...filter.pair].sort();
    if (!violationPairs(v).some(([x, y]) => x === a && y === b)) return false;
  }
  return true;
}

/** The customers behind the filtered conflicts, most conflicts first. */
export function customersOf(conflicts: readonly Violation[], filter: ConflictFilter): ConflictCustomer[] {
  const byCustomer = new Map<string, ConflictCustomer>();
  for (const v of conflicts) {
    if (!matchesFilter(v, filter)) continue;
    const c = byCustomer.get(v.customerId) ?? { customerId: v.customerId, count: 0, rules: [], lastAtMs: 0 };
    c.count++;
    if (!c.rules.includes(v.rule)) c.rules.push(v.rule);
    c.lastAtMs = Math.max(c.lastAtMs, v.atMs);
    byCustomer.set(v.customerId, c);
  }
  return [...byCustomer.values()].sort((a, b) => b.count - a.count || a.customerId.localeCompare(b.customerId));
}
