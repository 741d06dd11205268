/**
 * Conflicts: broken handbook rules by rule and by agent pair, their daily trend, and a drill-down to the customers
 * behind any bar or cell (kept in the URL, so a drill-down can be shared).
 */
import { select } from 'd3';
import type { Violation } from '../api.js';
import { barChart } from '../charts/barChart.js';
import { renderLegend } from '../charts/legend.js';
import { lineChart } from '../charts/lineChart.js';
import { SERIES_SYMBOLS } from '../charts/marks.js';
import { matrixChart } from '../charts/matrixChart.js';
import { renderTable } from '../charts/renderTable.js';
import {
  buildConflictTrend,
  buildPairMatrix,
  countByRule,
  customersOf,
  PAIR_SEPARATOR,
  parsePair,
  type ConflictFilter,
} from '../model/conflictStats.js';
import { formatCount, formatTime } from '../model/format.js';
import { CATEGORICAL, PROBLEM } from '../model/palette.js';
import { formatRoute, routeToView, type RouteState } from '../model/route.js';
import { textCell } from '../model/table.js';
import { createPage, kpiTiles, loadInto, section } from './page.js';
import type { MountView, ViewContext } from './ViewContext.js';

/** Mounts the conflicts view. */
export const mountConflictsView: MountView = async (root, ctx) => {
  const page = createPage(root, 'Conflicts', 'Contradictory or excessive messages: which handbook rules break, between which agents, and for whom.', 'conflicts');
  await loadInto(page, ctx.signal, () => ctx.api.conflicts(ctx.range), {
    loading: 'Evaluating the handbook…',
    isEmpty: ({ conflicts }) => conflicts.length === 0,
    empty: `No rule was broken in ${ctx.range.label.toLowerCase()}.`,
    render: ({ conflicts }) => renderConflicts(page.content, conflicts, ctx),
  });
};

function renderConflicts(container: HTMLElement, conflicts: Violation[], ctx: ViewContext): void {
  const byRule = countByRule(conflicts);
  kpiTiles(container, [
    { label: 'Conflicts', value: formatCount(conflicts.length), tone: 'worse' },
    { label: 'Rules broken', value: formatCount(byRule.length) },
    { label: 'Customers affected', value: formatCount(new Set(conflicts.map((v) => v.customerId)).size) },
  ]);
  const grid = select(container).append('div').attr('class', 'grid-2').node()!;
  const rulesBox = section(grid, 'By rule');
  const matrixBox = section(grid, 'By agent pair');
  const trendBox = section(container, 'Trend (per day, UTC)');
  const drillBox = section(container, 'Customers', 'drill-down');

  const state: RouteState = { ...ctx.route };
  const colourOf = new Map(byRule.map((r, i) => [r.rule, CATEGORICAL[i % CATEGORICAL.length]!]));
  const rules = barChart()
    .label('Conflicts by rule')
    .data(byRule.map((r) => ({ key: r.rule, label: r.rule, value: r.count, valueLabel: `${r.count} · ${r.customers} customers`, colour: PROBLEM })));
  const matrix = matrixChart().data(buildPairMatrix(conflicts));

  function draw(): void {
    const filter: ConflictFilter = { rule: state.rule, pair: parsePair(state.pair) };
    rules.selected(state.rule)(rulesBox);
    matrix.selected(filter.pair)(matrixBox);
    renderDrillDown(drillBox, conflicts, filter, ctx, () => {
      state.rule = undefined;
      state.pair = undefined;
      update();
    });
  }
  function update(): void {
    ctx.replace(state);
    draw();
  }
  rules.onSelect((rule) => {
    state.rule = state.rule === rule ? undefined : rule;
    update();
    rulesBox.querySelector<SVGGElement>('g.bar.selected')?.focus();
  });
  matrix.onSelect(([a, b]) => {
    const pair = `${a}${PAIR_SEPARATOR}${b}`;
    state.pair = state.pair === pair ? undefined : pair;
    update();
  });
  draw();

  const trend = buildConflictTrend(conflicts, ctx.range.fromMs, ctx.range.toMs);
  const series = trend.series.map((s) => ({
    key: s.rule,
    label: s.rule,
    colour: colourOf.get(s.rule) ?? CATEGORICAL[0],
    points: s.counts.map((y, i) => ({ t: trend.days[i]!, y })),
  }));
  lineChart().label('Conflicts per day by rule').data(series)(trendBox);
  renderLegend(trendBox, series.map((s, i) => ({ label: s.label, colour: s.colour, symbol: SERIES_SYMBOLS[i % SERIES_SYMBOLS.length] })), 'Rules');
}

function renderDrillDown(box: HTMLElement, conflicts: Violation[], filter: ConflictFilter, ctx: ViewContext, clear: () => void): void {
  const b = select(box);
  b.selectAll(':not(h2)').remove();
  const what = [filter.rule ? `rule ${filter.rule}` : '', filter.pair ? `agents ${filter.pair.join(' × ')}` : ''].filter(Boolean).join(' and ');
  const head = b.append('p').attr('class', 'filter-line');
  head.append('span').text(what ? `Filtered to ${what}. ` : 'All conflicts. Select a rule bar or a matrix cell to narrow down. ');
  if (what) head.append('button').attr('type', 'button').attr('class', 'link-button').text('Clear filter').on('click', clear);
  const rows = customersOf(conflicts, filter);
  renderTable(box, {
    caption: `Customers with conflicts${what ? ` (${what})` : ''}`,
    columns: [{ label: 'Customer' }, { label: 'Conflicts', numeric: true }, { label: 'Rules' }, { label: 'Last (UTC)' }],
    rows: rows.slice(0, 100).map((c) => [
      textCell(c.customerId, { href: formatRoute(routeToView(ctx.route, 'customer', { customer: c.customerId })) }),
      textCell(formatCount(c.count), { numeric: true }),
      textCell(c.rules.join(', ')),
      textCell(formatTime(c.lastAtMs)),
    ]),
    empty: 'No customer matches this filter.',
  });
}
