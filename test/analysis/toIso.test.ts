/** API times are written as `Date.prototype.toISOString` writes them, whatever the instant. */
import { describe, expect, it } from 'vitest';
import { toIso } from '../../collector/analysis/spanRef.js';
import { Random } from '../../engine/random.js';

describe('toIso', () => {
  it('writes what Date writes, to the millisecond, fractions dropped', () => {
    const random = new Random(7);
    const instants = [0, -1, 999, 1000, -86_400_001, 1_795_392_000_000, 8.64e15, -8.64e15, 253_402_300_799_999, -62_198_755_200_000];
    for (let i = 0; i < 5000; i++) instants.push((random.next() - 0.3) * 4e12, 1_795_392_000_000 + random.next() * 7 * 86_400_000);
    for (const ms of instants) expect(toIso(ms)).toBe(new Date(Math.floor(ms)).toISOString());
  });

  it('refuses an instant no Date can hold, as Date does', () => {
    expect(() => toIso(8.64e15 + 1)).toThrow(RangeError);
    expect(() => toIso(Number.NaN)).toThrow(RangeError);
  });
});
