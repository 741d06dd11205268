/** The weekly report's cache serves a week only under the fingerprint it was computed with, and stays bounded. */
import { describe, expect, it } from 'vitest';
import { emptyWeekActivity } from '../../collector/analysis/buildWeeklyReport.js';
import { WeekFiguresCache, type CachedWeekFigures } from '../../collector/query/WeekFiguresCache.js';

const figures = (): CachedWeekFigures => ({ conflicts: [], loops: [], activity: emptyWeekActivity() });

describe('WeekFiguresCache', () => {
  it('answers only for the fingerprint the figures were computed with', () => {
    const cache = new WeekFiguresCache();
    const week = figures();
    cache.set('w48', '10:abc', week);
    expect(cache.get('w48', '10:abc')).toBe(week);
    expect(cache.get('w48', '11:abd')).toBeUndefined();
    expect(cache.get('w47', '10:abc')).toBeUndefined();
  });

  it('drops the least recently used week past its capacity', () => {
    const cache = new WeekFiguresCache(2);
    cache.set('w46', 'f', figures());
    cache.set('w47', 'f', figures());
    cache.get('w46', 'f');
    cache.set('w48', 'f', figures());
    expect(cache.get('w47', 'f')).toBeUndefined();
    expect(cache.get('w46', 'f')).toBeDefined();
    expect(cache.get('w48', 'f')).toBeDefined();
  });
});
