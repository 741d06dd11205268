import { describe, expect, it } from 'vitest';
import { buildConflictTrend, buildPairMatrix, countByRule, customersOf, matchesFilter, parsePair, violationPairs } from '../../ui/src/model/conflictStats.js';
import { violation } from './fixtures.js';

const DAY_MIN = 24 * 60;
const conflicts = [
  violation('promo-after-apology', 'c1', [['s1', 'care'], ['s2', 'marketing']], 0),
  violation('promo-after-apology', 'c2', [['s3', 'marketing'], ['s4', 'care']], DAY_MIN + 5),
  violation('one-discount', 'c1', [['s5', 'loyalty'], ['s6', 'loyalty']], 2 * DAY_MIN, { kind: 'frequency' }),
  violation('three-way', 'c3', [['s7', 'a'], ['s8', 'b'], ['s9', 'c']], 10),
];

describe('conflict statistics', () => {
  it('counts by rule with distinct customers, most frequent first', () => {
    expect(countByRule(conflicts)[0]).toEqual({ rule: 'promo-after-apology', kind: 'contradiction', count: 2, customers: 2 });
  });

  it('builds a symmetric agent-pair matrix with single-agent excesses on the diagonal', () => {
    expect(violationPairs(conflicts[2]!)).toEqual([['loyalty', 'loyalty']]);
    expect(violationPairs(conflicts[3]!)).toHaveLength(3);
    const m = buildPairMatrix(conflicts);
    const i = m.agents.indexOf('care');
    const j = m.agents.indexOf('marketing');
    expect([m.cells[i]![j], m.cells[j]![i]]).toEqual([2, 2]);
    const l = m.agents.indexOf('loyalty');
    expect(m.cells[l]![l]).toBe(1);
    expect(m.max).toBe(2);
  });

  it('counts per UTC day with every day of the range present', () => {
    const from = conflicts[0]!.atMs;
    const trend = buildConflictTrend(conflicts, from, from + 3 * 86_400_000);
    expect(trend.days).toHaveLength(4);
    expect(trend.series.find((s) => s.rule === 'promo-after-apology')!.counts).toEqual([1, 1, 0, 0]);
  });

  it('drills down by rule and by pair in either order', () => {
    expect(parsePair('marketing|care')).toEqual(['marketing', 'care']);
    expect(parsePair('nonsense')).toBeUndefined();
    expect(matchesFilter(conflicts[0]!, { pair: ['marketing', 'care'] })).toBe(true);
    expect(customersOf(conflicts, { rule: 'promo-after-apology' }).map((c) => c.customerId)).toEqual(['c1', 'c2']);
    expect(customersOf(conflicts, {}).map((c) => [c.customerId, c.count, c.rules])).toEqual([
      ['c1', 2, ['promo-after-apology', 'one-discount']],
      ['c2', 1, ['promo-after-apology']],
      ['c3', 1, ['three-way']],
    ]);
  });
});
