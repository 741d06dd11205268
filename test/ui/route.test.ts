import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, formatRoute, parseRoute, routeToView } from '../../ui/src/model/route.js';
import { DEFAULT_RANGE, resolveTimeRange } from '../../ui/src/model/timeRange.js';

describe('parseRoute / formatRoute', () => {
  it('round-trips every key, with values that need escaping', () => {
    const state = { view: 'conflicts' as const, customer: 'a b&c', rule: 'promo/after?x', pair: 'x|y', range: '7d' };
    expect(parseRoute(formatRoute(state))).toEqual(state);
  });

  it('writes keys in a fixed order and omits empty ones', () => {
    expect(formatRoute({ view: 'chain', span: 's', trace: 't', customer: '' })).toBe('#/chain?trace=t&span=s');
  });

  it('falls back to the default view for an empty or unknown hash', () => {
    expect(parseRoute('')).toEqual({ view: DEFAULT_VIEW });
    expect(parseRoute('#/nope?trace=x')).toEqual({ view: DEFAULT_VIEW, trace: 'x' });
  });

  it('keeps the time range when switching views and drops view-specific keys', () => {
    expect(routeToView({ view: 'conflicts', rule: 'r', range: 'custom', from: 'a', to: 'b' }, 'customer', { customer: 'c' })).toEqual({
      view: 'customer',
      range: 'custom',
      from: 'a',
      to: 'b',
      customer: 'c',
    });
  });
});

describe('resolveTimeRange', () => {
  const now = Date.UTC(2026, 10, 26);
  it('resolves presets relative to now', () => {
    expect(resolveTimeRange({ range: '7d' }, now)).toMatchObject({ fromMs: now - 7 * 86_400_000, toMs: now, key: '7d' });
  });
  it('uses the default preset when none or an unknown one is given', () => {
    expect(resolveTimeRange({}, now).key).toBe(DEFAULT_RANGE);
    expect(resolveTimeRange({ range: 'forever' }, now).key).toBe(DEFAULT_RANGE);
  });
  it('accepts a custom range in ISO or epoch ms, and rejects an inverted one', () => {
    const from = Date.UTC(2026, 10, 1);
    expect(resolveTimeRange({ range: 'custom', from: new Date(from).toISOString(), to: String(from + 1000) }, now)).toMatchObject({ fromMs: from, toMs: from + 1000, key: 'custom' });
    expect(resolveTimeRange({ range: 'custom', from: String(now), to: String(now - 1) }, now).key).toBe(DEFAULT_RANGE);
  });
});
