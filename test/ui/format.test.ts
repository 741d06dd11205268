import { describe, expect, it } from 'vitest';
import { formatCycle, formatDuration, formatSigned, formatTime } from '../../ui/src/model/format.js';
import { isoWeekOf, isoWeekStart, shiftIsoWeek } from '../../ui/src/model/isoWeek.js';
import { isoWeekOf as serverIsoWeekOf } from '../../collector/analysis/isoWeek.js';

describe('formatting', () => {
  it('formats durations in the largest fitting unit', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4200)).toBe('4.2 s');
    expect(formatDuration(36 * 3_600_000)).toBe('1.5 d');
    expect(formatDuration(20 * 3_600_000)).toBe('20 h');
    expect(formatDuration(null)).toBe('–');
  });
  it('signs deltas with a real minus sign', () => {
    expect(formatSigned(3)).toBe('+3');
    expect(formatSigned(-2)).toBe('−2');
    expect(formatSigned(0)).toBe('±0');
    expect(formatSigned(null)).toBe('–');
    expect(formatSigned(-7_200_000, formatDuration)).toBe('−2 h');
  });
  it('formats times in UTC and closes cycles', () => {
    expect(formatTime('2026-11-20T09:05:03.123Z')).toBe('2026-11-20 09:05:03');
    expect(formatCycle(['a', 'b'])).toBe('a → b → a');
  });
});

describe('ISO weeks', () => {
  it('agrees with the server on every day of several years', () => {
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2028, 0, 10); ms += 86_400_000) expect(isoWeekOf(ms)).toBe(serverIsoWeekOf(ms));
  });
  it('finds week starts and steps across year ends', () => {
    expect(new Date(isoWeekStart('2026-W48')!).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(shiftIsoWeek('2026-W53', 1)).toBe('2027-W01');
    expect(shiftIsoWeek('2027-W01', -1)).toBe('2026-W53');
    expect(isoWeekStart('2025-W53')).toBeUndefined();
    expect(isoWeekStart('garbage')).toBeUndefined();
  });
});
