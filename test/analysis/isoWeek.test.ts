import { describe, expect, it } from 'vitest';
import { InvalidWeekError, isoWeekOf, isoWeekRange } from '../../collector/analysis/isoWeek.js';

describe('isoWeekRange', () => {
  it('gives Monday 00:00 UTC to the next Monday, and the week before', () => {
    const w = isoWeekRange('2026-W48');
    expect(new Date(w.fromMs).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(new Date(w.toMs).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(w.previous).toEqual({ week: '2026-W47', fromMs: Date.UTC(2026, 10, 16), toMs: Date.UTC(2026, 10, 23) });
  });

  it('crosses year boundaries', () => {
    const w1 = isoWeekRange('2026-W01');
    expect(new Date(w1.fromMs).toISOString()).toBe('2025-12-29T00:00:00.000Z');
    expect(w1.previous.week).toBe('2025-W52');
    expect(isoWeekRange('2021-W01').previous.week).toBe('2020-W53');
    expect(new Date(isoWeekRange('2020-W53').fromMs).toISOString()).toBe('2020-12-28T00:00:00.000Z');
  });

  it.each(['2026-48', '2026-W4', '2026-w48', '2026-W48-1', '', 'W48', '2026-W00', '2026-W54', '2021-W53'])(
    'rejects %j with an error naming the week',
    (bad) => {
      expect(() => isoWeekRange(bad)).toThrow(InvalidWeekError);
      expect(() => isoWeekRange(bad)).toThrow(/week/);
    },
  );
});

describe('isoWeekOf', () => {
  it('names the ISO week of an instant, including days that belong to the other year', () => {
    expect(isoWeekOf(Date.UTC(2026, 10, 23))).toBe('2026-W48');
    expect(isoWeekOf(Date.UTC(2026, 10, 29, 23, 59))).toBe('2026-W48');
    expect(isoWeekOf(Date.UTC(2027, 0, 1))).toBe('2026-W53');
    expect(isoWeekOf(Date.UTC(2025, 11, 29))).toBe('2026-W01');
  });
});
