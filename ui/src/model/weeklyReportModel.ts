/**
 * The council's weekly report as a view model: KPI tiles with week-over-week deltas (and whether the change is good
 * news), and each table of the report as a {@link TableModel}.
 */
import type { WeeklyReport } from '../../../collector/analysis/buildWeeklyReport.js';
import type { Delta, NullableDelta } from '../../../collector/analysis/weekOverWeek.js';
import { formatCount, formatCycle, formatDuration, formatMinute, formatSigned } from './format.js';
import { CHANGE_COLUMNS, changeRowCells } from './changeLatencyModel.js';
import { formatRoute } from './route.js';
import { textCell, type Cell, type TableModel } from './table.js';

/** A KPI tile. */
export interface Kpi {
  label: string;
  value: string;
  delta: string;
  previous: string;
  /** Whether this week moved the right way; `neutral` when unchanged or unknown. */
  tone: 'better' | 'worse' | 'neutral';
}

/** The report view model. */
export interface WeeklyReportModel {
  week: string;
  previousWeek: string;
  period: string;
  kpis: Kpi[];
  tables: TableModel[];
}

function tone(delta: number | null, lowerIsBetter: boolean): Kpi['tone'] {
  if (delta === null || delta === 0) return 'neutral';
  return delta < 0 === lowerIsBetter ? 'better' : 'worse';
}

function countKpi(label: string, d: Delta, lowerIsBetter = true): Kpi {
  return { label, value: formatCount(d.current), delta: formatSigned(d.delta), previous: formatCount(d.previous), tone: tone(d.delta, lowerIsBetter) };
}

function durationKpi(label: string, d: NullableDelta): Kpi {
  return {
    label,
    value: formatDuration(d.current),
    delta: formatSigned(d.delta, formatDuration),
    previous: formatDuration(d.previous),
    tone: tone(d.delta, true),
  };
}

/** Cells of a count delta: this week, last week, change (toned: more problems is worse). */
function deltaCells(d: Delta, lowerIsBetter = true): Cell[] {
  const t = tone(d.delta, lowerIsBetter);
  return [
    textCell(formatCount(d.current), { numeric: true }),
    textCell(formatCount(d.previous), { numeric: true }),
    textCell(formatSigned(d.delta), { numeric: true, ...(t === 'neutral' ? {} : { tone: t }) }),
  ];
}

const DELTA_COLUMNS = [
  { label: 'This week', numeric: true },
  { label: 'Last week', numeric: true },
  { label: 'Change', numeric: true },
];

/** The first customer of a loop as a link to the debugger, with how many more there are. */
function customersCell(ids: readonly string[]): Cell {
  const first = ids[0];
  if (first === undefined) return textCell('–');
  return textCell(ids.length > 1 ? `${first} +${ids.length - 1}` : first, { href: formatRoute({ view: 'customer', customer: first }) });
}

/** Builds the report view model. */
export function buildWeeklyReportModel(report: WeeklyReport): WeeklyReportModel {
  const kpis: Kpi[] = [
    countKpi('Conflicts', report.conflicts.total),
    countKpi('Loops', report.loops.total),
    countKpi('Runaway loops', report.loops.runaway),
    countKpi('Protocol denials', report.denials.total),
    countKpi('Changes live', report.changes.live, false),
    durationKpi('Command lead time p50', report.changes.command.p50Ms),
    durationKpi('Network lead time p50', report.changes.network.p50Ms),
  ];
  const tables: TableModel[] = [
    {
      caption: 'Conflicts by rule',
      columns: [{ label: 'Rule' }, { label: 'Kind' }, ...DELTA_COLUMNS],
      rows: report.conflicts.byRule.map((r) => [textCell(r.rule, { href: formatRoute({ view: 'conflicts', rule: r.rule }) }), textCell(r.kind ?? '–'), ...deltaCells(r)]),
      empty: 'No conflicts this week or last.',
    },
    {
      caption: 'Conflicts by agent pair',
      columns: [{ label: 'Agents' }, ...DELTA_COLUMNS],
      rows: report.conflicts.byAgentPair.map((r) => [textCell(r.agents.join(' × ')), ...deltaCells(r)]),
      empty: 'No conflicts this week or last.',
    },
    {
      caption: 'Loops by cycle',
      columns: [{ label: 'Cycle' }, { label: 'Evidence' }, { label: 'Customers', numeric: true }, { label: 'Iterations', numeric: true }, { label: 'Last week', numeric: true }, { label: 'Change', numeric: true }],
      rows: report.loops.byCycle.map((r) => [
        textCell(formatCycle(r.agents)),
        textCell(r.evidence),
        textCell(formatCount(r.customers), { numeric: true }),
        ...deltaCells(r),
      ]),
      empty: 'No loops this week or last.',
    },
    {
      caption: 'Protocol denials by rule',
      columns: [{ label: 'Rule' }, ...DELTA_COLUMNS],
      rows: report.denials.byRule.map((r) => [textCell(r.rule), ...deltaCells(r)]),
      empty: 'No denials this week or last.',
    },
    {
      caption: 'Changes live this week',
      columns: CHANGE_COLUMNS,
      rows: report.changes.items.map(changeRowCells),
      empty: 'No change went live this week.',
    },
    {
      caption: 'Agents',
      columns: [
        { label: 'Agent' },
        { label: 'Model' },
        { label: 'Actions', numeric: true },
        { label: 'Δ', numeric: true },
        { label: 'Messages', numeric: true },
        { label: 'Δ', numeric: true },
        { label: 'Conflicts', numeric: true },
        { label: 'Δ', numeric: true },
        { label: 'Denials', numeric: true },
        { label: 'Outcomes' },
      ],
      rows: report.agents.map((a) => [
        textCell(a.agent),
        textCell(a.model ?? '–'),
        textCell(formatCount(a.actions.current), { numeric: true }),
        textCell(formatSigned(a.actions.delta), { numeric: true }),
        textCell(formatCount(a.messages.current), { numeric: true }),
        textCell(formatSigned(a.messages.delta), { numeric: true }),
        textCell(formatCount(a.conflicts.current), { numeric: true }),
        deltaCells(a.conflicts)[2]!,
        textCell(formatCount(a.denials.current), { numeric: true }),
        textCell(
          Object.entries(a.outcomes)
            .filter(([, d]) => d.current > 0)
            .map(([o, d]) => `${o} ${d.current}`)
            .join(', ') || '–',
        ),
      ]),
      empty: 'No agent acted this week.',
    },
    {
      caption: 'Outcomes',
      columns: [{ label: 'Outcome' }, ...DELTA_COLUMNS],
      // Conversions and resolutions are good news; every other outcome (complaints, drop-offs) is not.
      rows: report.outcomes.map((o) => [textCell(o.outcome), ...deltaCells(o, !['converted', 'resolved'].includes(o.outcome))]),
      empty: 'No outcomes recorded.',
    },
    {
      caption: 'Loops this week',
      columns: [{ label: 'Cycle' }, { label: 'Customers' }, { label: 'Iterations', numeric: true }, { label: 'Runaway' }, { label: 'Last seen' }],
      rows: report.loops.items.map((l) => [
        textCell(formatCycle(l.agents)),
        customersCell(l.customerIds),
        textCell(formatCount(l.iterations), { numeric: true }),
        textCell(l.runaway ? 'yes' : 'no'),
        textCell(formatMinute(l.lastSeen)),
      ]),
      empty: 'No loops this week.',
    },
  ];
  return {
    week: report.week,
    previousWeek: report.previousWeek,
    period: `${formatMinute(report.from)} – ${formatMinute(report.to)} UTC`,
    kpis,
    tables,
  };
}
