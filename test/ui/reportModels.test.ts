import { describe, expect, it } from 'vitest';
import type { ChangeLatency } from '../../collector/analysis/computeChangeLatency.js';
import type { JourneyAudit } from '../../collector/analysis/auditJourneys.js';
import type { WeeklyReport } from '../../collector/analysis/buildWeeklyReport.js';
import { buildAuditPoints } from '../../ui/src/model/auditModel.js';
import { boxStats, buildChangeLatencyModel, nearestRank } from '../../ui/src/model/changeLatencyModel.js';
import { buildWeeklyReportModel } from '../../ui/src/model/weeklyReportModel.js';
import { spanSections, valueText } from '../../ui/src/model/spanDetails.js';

const H = 3_600_000;
const d = (current: number, previous: number) => ({ current, previous, delta: current - previous });

describe('buildChangeLatencyModel', () => {
  const change = (id: string, model: 'command' | 'network', leadTimeMs: number) => ({
    id,
    model,
    target: 't',
    requestedAt: '2026-11-01T00:00:00.000Z',
    liveAt: new Date(Date.UTC(2026, 10, 1) + leadTimeMs).toISOString(),
    leadTimeMs,
    stages: {},
  });
  const data: ChangeLatency = {
    command: { count: 1, p50Ms: 400 * H, p90Ms: 400 * H },
    network: { count: 3, p50Ms: 2 * H, p90Ms: 5 * H },
    changes: [change('n1', 'network', 5 * H), change('c1', 'command', 400 * H), change('n2', 'network', H), change('n3', 'network', 2 * H)],
    inProgress: [],
    doraBuckets: {
      command: { '< 1 day': 0, '< 1 week': 0, '< 1 month': 1, '< 6 months': 0, longer: 0 },
      network: { '< 1 day': 3, '< 1 week': 0, '< 1 month': 0, '< 6 months': 0, longer: 0 },
    },
    weeklyTrend: [
      { week: '2026-W45', model: 'network', count: 2, p50Ms: H },
      { week: '2026-W46', model: 'command', count: 1, p50Ms: 400 * H },
    ],
  };

  it('puts both models side by side with sorted lead times and box statistics', () => {
    const m = buildChangeLatencyModel(data);
    expect(m.rows.map((r) => [r.model, r.leadTimesMs.length])).toEqual([
      ['command', 1],
      ['network', 3],
    ]);
    expect(m.rows[1]!.box).toEqual({ min: H, q1: H, median: 2 * H, q3: 5 * H, max: 5 * H });
    expect(m.extentMs).toEqual([H, 400 * H]);
    expect(m.dora[0]).toEqual({ bucket: '< 1 day', command: 0, network: 3 });
    expect(m.trend).toEqual([
      { week: '2026-W45', command: null, network: H },
      { week: '2026-W46', command: 400 * H, network: null },
    ]);
    expect(m.reaction).toEqual([]);
  });

  it('uses nearest-rank quantiles like the server', () => {
    expect(nearestRank([1, 2, 3, 4], 0.5)).toBe(2);
    expect(nearestRank([1, 2, 3, 4], 0.9)).toBe(4);
    expect(boxStats([])).toBeNull();
  });
});

describe('buildWeeklyReportModel', () => {
  const lead = { count: d(1, 1), p50Ms: { current: 2 * H, previous: 3 * H, delta: -H }, p90Ms: { current: null, previous: null, delta: null } };
  const report = {
    week: '2026-W48',
    from: '2026-11-23T00:00:00.000Z',
    to: '2026-11-30T00:00:00.000Z',
    previousWeek: '2026-W47',
    conflicts: { total: d(2, 5), byRule: [{ rule: 'r1', kind: 'contradiction', ...d(2, 5) }], byAgentPair: [{ agents: ['a', 'b'], ...d(2, 0) }] },
    loops: { total: d(0, 1), runaway: d(0, 0), byCycle: [], items: [] },
    denials: { total: d(1, 0), byRule: [] },
    changes: { live: d(1, 3), command: lead, network: lead, items: [] },
    agents: [],
    outcomes: [{ outcome: 'converted', ...d(4, 7) }],
  } as WeeklyReport;
  const m = buildWeeklyReportModel(report);

  it('tones each KPI by whether the week moved the right way', () => {
    const kpi = (label: string) => m.kpis.find((k) => k.label === label)!;
    expect(kpi('Conflicts')).toEqual({ label: 'Conflicts', value: '2', delta: '−3', previous: '5', tone: 'better' });
    expect(kpi('Changes live').tone).toBe('worse');
    expect(kpi('Runaway loops').tone).toBe('neutral');
    expect(kpi('Command lead time p50')).toMatchObject({ value: '2 h', delta: '−1 h', tone: 'better' });
  });

  it('turns every table of the report into rows, with links and toned deltas', () => {
    const byRule = m.tables.find((t) => t.caption === 'Conflicts by rule')!;
    expect(byRule.rows[0]![0]).toEqual({ text: 'r1', href: '#/conflicts?rule=r1' });
    expect(byRule.rows[0]![4]).toEqual({ text: '−3', numeric: true, tone: 'better' });
    // Fewer conversions is bad news.
    expect(m.tables.find((t) => t.caption === 'Outcomes')!.rows[0]![3]!.tone).toBe('worse');
    expect(m.period).toBe('2026-11-23 00:00 – 2026-11-30 00:00 UTC');
  });
});

describe('buildAuditPoints', () => {
  const journey = (family: string, impact: number, extra: Partial<JourneyAudit> = {}): JourneyAudit => ({
    family,
    model: 'command',
    customers: 10,
    distinctPaths: 2,
    topPaths: [{ path: ['enroll', 'welcome'], customers: 8 }],
    entropyBits: 0.5,
    predictability: 0.8,
    impact,
    conflictRate: impact,
    complaintRate: 0,
    dropOffRate: 0,
    quadrant: 'predictable-low-impact',
    recommendation: 'command',
    rationale: 'why',
    lowData: false,
    ...extra,
  });
  it('lists the highest impact first with a readable summary', () => {
    const points = buildAuditPoints([journey('a', 0.05), journey('b', 0.4, { recommendation: 'hybrid', lowData: true })]);
    expect(points.map((p) => p.family)).toEqual(['b', 'a']);
    expect(points[0]!.summary).toBe('b: predictability 80%, impact 40%, 10 customers → hybrid (little data)');
    expect(points[1]!.topPath).toBe('enroll → welcome');
  });
});

describe('span details', () => {
  it('shows every attribute as plain text, sorted, including markup', () => {
    const sections = spanSections({
      traceId: 't',
      spanId: 's',
      parentSpanId: '',
      name: 'n',
      kind: 'Internal',
      serviceName: 'svc',
      start: '2026-11-20T09:00:00.000Z',
      durationNs: 2_000_000,
      status: 'Error',
      statusMessage: 'boom',
      attributes: { z: '<script>x</script>', a: ['k1', 'k2'], n: 3 },
      resource: {},
      scope: { name: 'sc', version: '1' },
      events: [{ time: '2026-11-20T09:00:01.000Z', name: 'retry', attributes: { attempt: 2 } }],
      links: [{ traceId: 't2', spanId: 's2', attributes: { 'flexix.link.type': 'context_read' } }],
    });
    expect(sections.map((s) => s.title)).toEqual(['Span', 'Attributes', 'Resource', 'Scope', 'Event 1: retry', 'Link 1']);
    expect(sections[1]!.rows).toEqual([
      ['a', '["k1","k2"]'],
      ['n', '3'],
      ['z', '<script>x</script>'],
    ]);
    expect(sections[0]!.rows).toContainEqual(['status', 'Error: boom']);
    expect(valueText(undefined)).toBe('');
  });
});
