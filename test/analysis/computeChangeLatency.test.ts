import { describe, expect, it } from 'vitest';
import { computeChangeLatency } from '../../collector/analysis/computeChangeLatency.js';
import { computeReactionLatency } from '../../collector/analysis/computeReactionLatency.js';
import { nearestRankQuantile } from '../../collector/analysis/quantile.js';
import { parseHandbook } from '../../schemas/handbook.js';
import handbookJson from '../fixtures/analysis/handbook.json' with { type: 'json' };
import { change, DAY, event, HOUR, message, SECOND, W48 } from '../fixtures/analysis/build.js';

/** A quarter of changes: command journeys take weeks, network agents hours. */
function quarterOfChanges() {
  const commandLeadDays = [10, 20, 30, 40, 50];
  const networkLeadHours = [1, 2, 3, 4];
  return [
    ...commandLeadDays.flatMap((days, i) =>
      change(`cmd-${i}`, 'command', `journey-${i}`, {
        requested: W48 + i * HOUR,
        approved: W48 + i * HOUR + DAY,
        tested: W48 + i * HOUR + 2 * DAY,
        deployed: W48 + i * HOUR + (days - 1) * DAY,
        live: W48 + i * HOUR + days * DAY,
      }),
    ),
    ...networkLeadHours.flatMap((hours, i) =>
      change(`net-${i}`, 'network', `agent-${i}`, { requested: W48 + i * DAY, deployed: W48 + i * DAY + HOUR / 2, live: W48 + i * DAY + hours * HOUR }),
    ),
    // Still waiting for approval.
    ...change('cmd-pending', 'command', 'journey-x', { requested: W48, approved: W48 + DAY }),
  ];
}

describe('computeChangeLatency', () => {
  const result = computeChangeLatency(quarterOfChanges());

  it('computes exact nearest-rank p50/p90 per model (checked by hand)', () => {
    // Command lead times 10, 20, 30, 40, 50 days: p50 = rank ceil(2.5) = 3 → 30 d; p90 = rank ceil(4.5) = 5 → 50 d.
    expect(result.command).toEqual({ count: 5, p50Ms: 30 * DAY, p90Ms: 50 * DAY });
    // Network 1, 2, 3, 4 hours: p50 = rank 2 → 2 h; p90 = rank ceil(3.6) = 4 → 4 h.
    expect(result.network).toEqual({ count: 4, p50Ms: 2 * HOUR, p90Ms: 4 * HOUR });
  });

  it('lists each completed change with requested/live times and its lead time', () => {
    const c = result.changes.find((x) => x.id === 'cmd-2');
    expect(c).toMatchObject({
      model: 'command',
      target: 'journey-2',
      requestedAt: new Date(W48 + 2 * HOUR).toISOString(),
      liveAt: new Date(W48 + 2 * HOUR + 30 * DAY).toISOString(),
      leadTimeMs: 30 * DAY,
    });
    expect(Object.keys(c!.stages)).toEqual(['requested', 'approved', 'tested', 'deployed', 'live']);
  });

  it('keeps changes without a live stage out of the statistics, listed as in progress', () => {
    expect(result.changes.some((c) => c.id === 'cmd-pending')).toBe(false);
    expect(result.inProgress).toEqual([
      expect.objectContaining({ id: 'cmd-pending', stage: 'approved', requestedAt: new Date(W48).toISOString() }),
    ]);
  });

  it('buckets lead times the DORA way', () => {
    expect(result.doraBuckets.network).toEqual({ '< 1 day': 4, '< 1 week': 0, '< 1 month': 0, '< 6 months': 0, longer: 0 });
    // 30 days is not "< 1 month" (a month is 30 days, bounds exclusive).
    expect(result.doraBuckets.command).toEqual({ '< 1 day': 0, '< 1 week': 0, '< 1 month': 2, '< 6 months': 3, longer: 0 });
  });

  it('trends lead times by ISO week of going live', () => {
    expect(result.weeklyTrend.filter((t) => t.model === 'network')).toEqual([{ week: '2026-W48', model: 'network', count: 4, p50Ms: 2 * HOUR }]);
    expect(result.weeklyTrend.find((t) => t.model === 'command' && t.week === '2026-W50')).toEqual({
      week: '2026-W50',
      model: 'command',
      count: 1,
      p50Ms: 20 * DAY,
    });
  });

  it('uses the first stage time when a stage repeats', () => {
    const r = computeChangeLatency([...change('x', 'network', 'a', { requested: W48, live: W48 + 2 * HOUR }), ...change('x', 'network', 'a', { live: W48 + 5 * HOUR })]);
    expect(r.changes[0]?.leadTimeMs).toBe(2 * HOUR);
  });
});

describe('nearestRankQuantile', () => {
  it('returns observed values', () => {
    expect(nearestRankQuantile([4, 1, 3, 2], 0.5)).toBe(2);
    expect(nearestRankQuantile([4, 1, 3, 2], 0.9)).toBe(4);
    expect(nearestRankQuantile([7], 0.9)).toBe(7);
    expect(nearestRankQuantile([], 0.5)).toBeNull();
  });
});

describe('computeReactionLatency', () => {
  const handbook = parseHandbook(handbookJson);
  const oos = event(undefined, 'inventory.out_of_stock', W48, { subject: 'SKU-1', agent: 'inventory' });
  const spans = [
    oos,
    // The network stops within 30 seconds; the command journey only learns at the next daily sync.
    message('c-1', 'cms', 'promote', W48 + 30 * SECOND, { subject: 'SKU-1' }),
    message('c-2', 'holiday-journey', 'promote', W48 + 2 * HOUR, { subject: 'SKU-1', model: 'command' }),
    message('c-3', 'holiday-journey', 'promote', W48 + 20 * HOUR, { subject: 'SKU-1', model: 'command' }),
    message('c-4', 'cms', 'promote', W48 + HOUR, { subject: 'SKU-2' }),
    message('c-5', 'cms', 'promote', W48 - HOUR, { subject: 'SKU-1' }),
  ];
  const [rule] = computeReactionLatency(spans, handbook);

  it('measures signal → last contradicting message, overall and per model', () => {
    expect(rule?.rule).toBe('no-promo-when-out-of-stock');
    expect(rule?.signals).toBe(1);
    expect(rule?.items[0]).toMatchObject({
      contradictions: 3,
      customers: 3,
      latencyMs: 20 * HOUR,
      latencyMsByModel: { network: 30 * SECOND, command: 20 * HOUR },
      lastContradictionAt: new Date(W48 + 20 * HOUR).toISOString(),
    });
    expect(rule?.items[0]?.signal.spanId).toBe(oos.spanId);
    expect(rule?.byModel.network.p50Ms).toBe(30 * SECOND);
  });

  it('leaves out rules the data does not show', () => {
    expect(computeReactionLatency([message('c', 'cms', 'promote', W48)], handbook)).toEqual([]);
  });
});
