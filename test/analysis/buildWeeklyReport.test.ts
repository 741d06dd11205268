import { describe, expect, it } from 'vitest';
import handbookJson from '../fixtures/analysis/handbook.json' with { type: 'json' };
import { buildWeeklyReport } from '../../collector/analysis/buildWeeklyReport.js';
import { InvalidWeekError } from '../../collector/analysis/isoWeek.js';
import { renderWeeklyReportMarkdown } from '../../collector/analysis/renderWeeklyReportMarkdown.js';
import { parseHandbook } from '../../schemas/handbook.js';
import { change, cycle, DAY, HOUR, message, MINUTE, span, W48 } from '../fixtures/analysis/build.js';

const handbook = parseHandbook(handbookJson);
const W47 = W48 - 7 * DAY;

const deny = (at: number, agent: string, rule: string) => span({ customerId: 'c-x', agent, model: 'network', decision: 'deny', rule, intent: 'discount_offer', startMs: at });
const outcome = (at: number, agent: string, name: string, customerId = 'c-x') => span({ customerId, agent, model: 'network', phase: 'learn', outcome: name, startMs: at });

const current = [
  message('c-1', 'upsell', 'upgrade_offer', W48 + HOUR),
  message('c-1', 'ops', 'overbooking_apology', W48 + 2 * HOUR),
  message('c-2', 'upsell', 'upgrade_offer', W48 + DAY),
  message('c-2', 'ops', 'overbooking_apology', W48 + DAY + HOUR),
  message('c-3', 'loyalty', 'discount_offer', W48 + 2 * DAY),
  message('c-3', 'loyalty', 'discount_offer', W48 + 3 * DAY),
  deny(W48 + 3 * DAY, 'loyalty', 'one-discount-per-30d'),
  deny(W48 + 4 * DAY, 'loyalty', 'one-discount-per-30d'),
  ...cycle({ customerId: 'c-4', agents: ['loyalty', 'cms'], iterations: 3, startMs: W48 + 5 * DAY, stepMs: MINUTE, causal: true }),
  ...change('net-1', 'network', 'cms', { requested: W48 + DAY, deployed: W48 + DAY + HOUR, live: W48 + DAY + 2 * HOUR }),
  outcome(W48 + 6 * DAY, 'cms', 'converted'),
  outcome(W48 + 6 * DAY, 'cms', 'converted'),
  outcome(W48 + 6 * DAY, 'ops', 'complained'),
  // Before the week (look-back): must not count this week.
  message('c-9', 'upsell', 'upgrade_offer', W48 - 3 * DAY),
  message('c-9', 'ops', 'overbooking_apology', W48 - 3 * DAY + HOUR),
];
const previous = [
  message('c-9', 'upsell', 'upgrade_offer', W47 + 4 * DAY),
  message('c-9', 'ops', 'overbooking_apology', W47 + 4 * DAY + HOUR),
  deny(W47 + DAY, 'loyalty', 'one-discount-per-30d'),
  deny(W47 + 2 * DAY, 'loyalty', 'one-discount-per-30d'),
  deny(W47 + 3 * DAY, 'cms', 'no-promo-when-out-of-stock'),
  // Requested three weeks earlier, live in W47: the caller passes the earlier stages along.
  ...change('cmd-1', 'command', 'holiday-journey', { requested: W47 - 14 * DAY, approved: W47 - 7 * DAY, live: W47 + DAY }),
  outcome(W47 + DAY, 'cms', 'converted'),
];

describe('buildWeeklyReport', () => {
  const report = buildWeeklyReport(current, previous, handbook, '2026-W48');

  it('names the week and the one it is compared with', () => {
    expect(report).toMatchObject({ week: '2026-W48', previousWeek: '2026-W47', from: '2026-11-23T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z' });
  });

  it('counts conflicts by rule and by agent pair, week over week, only inside each week', () => {
    expect(report.conflicts.total).toEqual({ current: 3, previous: 1, delta: 2 });
    expect(report.conflicts.byRule).toEqual([
      { rule: 'upgrade-vs-overbooking', kind: 'contradiction', current: 2, previous: 1, delta: 1 },
      { rule: 'one-discount-per-30d', kind: 'frequency', current: 1, previous: 0, delta: 1 },
    ]);
    expect(report.conflicts.byAgentPair).toEqual([
      { agents: ['ops', 'upsell'], current: 2, previous: 1, delta: 1 },
      { agents: ['loyalty'], current: 1, previous: 0, delta: 1 },
    ]);
  });

  it('reports loops and denials with their change', () => {
    expect(report.loops.total).toEqual({ current: 1, previous: 0, delta: 1 });
    expect(report.loops.byCycle).toEqual([{ agents: ['cms', 'loyalty'], evidence: 'causal', customers: 1, current: 3, previous: 0, delta: 3 }]);
    expect(report.denials.total).toEqual({ current: 2, previous: 3, delta: -1 });
    expect(report.denials.byRule).toEqual([
      { rule: 'one-discount-per-30d', current: 2, previous: 2, delta: 0 },
      { rule: 'no-promo-when-out-of-stock', current: 0, previous: 1, delta: -1 },
    ]);
  });

  it('reports changes that went live in each week and their lead times', () => {
    expect(report.changes.live).toEqual({ current: 1, previous: 1, delta: 0 });
    expect(report.changes.network.p50Ms).toEqual({ current: 2 * HOUR, previous: null, delta: null });
    expect(report.changes.command.count).toEqual({ current: 0, previous: 1, delta: -1 });
    expect(report.changes.items.map((c) => c.id)).toEqual(['net-1']);
  });

  const loyalty = () => report.agents.find((a) => a.agent === 'loyalty')!;
  it('reports per-agent activity and outcomes', () => {
    const cms = report.agents.find((a) => a.agent === 'cms');
    expect(cms?.outcomes).toEqual({ converted: { current: 2, previous: 1, delta: 1 } });
    expect(cms?.actions.current).toBe(3);
    // Three loop reactions and c-3's two discount messages; the denied attempts are not actions.
    expect(loyalty().actions.current).toBe(3 + 2);
    expect(loyalty().denials).toEqual({ current: 2, previous: 2, delta: 0 });
    expect(loyalty().conflicts).toEqual({ current: 1, previous: 0, delta: 1 });
    expect(report.outcomes).toEqual([
      { outcome: 'converted', current: 2, previous: 1, delta: 1 },
      { outcome: 'complained', current: 1, previous: 0, delta: 1 },
    ]);
  });

  it('renders the same figures as Markdown', () => {
    const md = renderWeeklyReportMarkdown(report);
    expect(md).toContain('# Flexix weekly report 2026-W48');
    expect(md).toContain('| Conflicts | 3 | 1 | +2 |');
    expect(md).toContain('| upgrade-vs-overbooking | contradiction | 2 | 1 | +1 |');
    expect(md).toContain('| ops ↔ upsell | 2 | 1 | +1 |');
    expect(md).toContain('| Protocol denials | 2 | 3 | -1 |');
    expect(md).toContain('| cms → loyalty | causal | 1 | 3 | 0 | +3 |');
    expect(md).toContain('| net-1 | network | cms |');
    expect(md).toContain('| network | 1 | 0 | +1 | 2h | – | – |');
  });

  it('rejects a malformed week', () => {
    expect(() => buildWeeklyReport([], [], handbook, '2026-48')).toThrow(InvalidWeekError);
  });
});
