/**
 * How a conflict search splits the handbook's rules into two reads: rules sharing an intent or an event stay
 * together, the groups are balanced by weight, and a matcher without an intent or an event keeps one read.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleReadGroups } from '../../collector/analysis/conflictCandidates.js';
import { parseHandbook, type Handbook } from '../../schemas/handbook.js';

const defaultHandbook = parseHandbook(JSON.parse(readFileSync(new URL('../../schemas/protocols.default.json', import.meta.url), 'utf8')));

function contradictions(pairs: Array<[Record<string, string>, Record<string, string>]>): Handbook {
  return parseHandbook({ rules: pairs.map(([a, b], i) => ({ id: `r${i}`, kind: 'contradiction', a, b, within: '1d' })) });
}

describe('ruleReadGroups', () => {
  it('keeps the rules sharing an intent or an event in one group, and every rule in exactly one group', () => {
    const weights = defaultHandbook.rules.map(() => 1);
    const groups = ruleReadGroups(defaultHandbook, weights);
    expect(groups).toHaveLength(2);
    expect(groups.flat().sort((x, y) => x - y)).toEqual(defaultHandbook.rules.map((_, r) => r));
    for (const group of groups) expect(group).toEqual([...group].sort((x, y) => x - y));
    const groupOf = (id: string) => groups.findIndex((g) => g.some((r) => defaultHandbook.rules[r]!.id === id));
    // The three rules about promotions share `promote`; the two about upgrades share `upgrade_offer`.
    expect(new Set(['no-promo-when-out-of-stock', 'promo-after-complaint', 'promo-after-apology'].map(groupOf)).size).toBe(1);
    expect(groupOf('upgrade-vs-overbooking')).toBe(groupOf('upgrade-needs-room-inventory'));
  });

  it('balances the groups by weight', () => {
    const handbook = contradictions([
      [{ intent: 'promote' }, { event: 'complaint.posted' }],
      [{ intent: 'nurture' }, { event: 'sentiment.negative' }],
      [{ intent: 'upgrade_offer' }, { intent: 'overbooking_apology' }],
      [{ intent: 'discount_offer' }, { event: 'complaint.posted' }],
    ]);
    // Rules 0 and 3 share `complaint.posted`: components {0, 3} (weight 6), {1} (5), {2} (1).
    expect(ruleReadGroups(handbook, [5, 5, 1, 1])).toEqual([[0, 3], [1, 2]]);
    expect(ruleReadGroups(handbook, [1, 9, 1, 1])).toEqual([[1], [0, 2, 3]]);
    // Without weight, no group is left empty.
    expect(ruleReadGroups(handbook, [0, 0, 0, 0])).toEqual([[0, 1, 2, 3]]);
  });

  it('keeps one group when a matcher names neither an intent nor an event, or when every rule is joined', () => {
    expect(ruleReadGroups(contradictions([[{ intent: 'promote' }, { event: 'a' }], [{ agent: 'care' }, { event: 'b' }]]), [1, 1])).toEqual([[0, 1]]);
    expect(ruleReadGroups(contradictions([[{ intent: 'promote' }, { event: 'a' }], [{ intent: 'nurture' }, { event: 'a' }]]), [1, 1])).toEqual([[0, 1]]);
    expect(ruleReadGroups(contradictions([[{ intent: 'promote' }, { event: 'a' }]]), [1])).toEqual([[0]]);
  });
});
