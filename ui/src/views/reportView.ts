/**
 * The council's weekly report: pick an ISO week, read the KPIs against the week before, the report's tables, print it
 * (print stylesheet) or download it as Markdown.
 */
import { select } from 'd3';
import { weeklyReportMarkdownUrl } from '../api.js';
import { renderTable } from '../charts/renderTable.js';
import { isoWeekOf, isoWeekStart, shiftIsoWeek } from '../model/isoWeek.js';
import { buildWeeklyReportModel, type WeeklyReportModel } from '../model/weeklyReportModel.js';
import { createPage, loadInto } from './page.js';
import type { MountView, ViewContext } from './ViewContext.js';

/**
 * Mounts the weekly report: of the week in the route, else of the last complete week (the one a council reviews, and
 * whose figures the collector keeps ready; the running week is one click away).
 */
export const mountReportView: MountView = async (root, ctx) => {
  const page = createPage(root, 'Weekly council report', 'Conflicts, loops, denials, changes and outcomes of one ISO week, against the week before.', 'report');
  const lastComplete = shiftIsoWeek(isoWeekOf(ctx.nowMs), -1)!;
  const week = ctx.route.week !== undefined && isoWeekStart(ctx.route.week) !== undefined ? ctx.route.week : lastComplete;
  renderWeekPicker(page.controls, week, ctx);
  await loadInto(page, ctx.signal, () => ctx.api.weeklyReport(week), {
    loading: `Building the report of ${week}…`,
    isEmpty: () => false,
    empty: '',
    render: (report) => renderReport(page.content, buildWeeklyReportModel(report)),
  });
};

function renderWeekPicker(container: HTMLElement, week: string, ctx: ViewContext): void {
  const go = (w: string | undefined) => {
    if (w !== undefined && isoWeekStart(w) !== undefined) ctx.navigate({ ...ctx.route, week: w });
  };
  const form = select(container).append('form').attr('class', 'inline-form week-picker');
  form
    .append('button')
    .attr('type', 'button')
    .attr('aria-label', 'Previous week')
    .text('← Previous')
    .on('click', () => go(shiftIsoWeek(week, -1)));
  form.append('label').attr('for', 'week-input').text('Week');
  const input = form.append('input').attr('id', 'week-input').attr('type', 'week').attr('required', '').property('value', week);
  form
    .append('button')
    .attr('type', 'button')
    .attr('aria-label', 'Next week')
    .text('Next →')
    .attr('disabled', week >= isoWeekOf(ctx.nowMs) ? '' : null)
    .on('click', () => go(shiftIsoWeek(week, 1)));
  input.on('change', () => go(String(input.property('value'))));
  form.on('submit', (event: SubmitEvent) => {
    event.preventDefault();
    go(String(input.property('value')));
  });
  const actions = select(container).append('div').attr('class', 'report-actions');
  actions.append('a').attr('class', 'button').attr('href', weeklyReportMarkdownUrl(week)).attr('download', `flexix-report-${week}.md`).text('Download Markdown');
  actions
    .append('button')
    .attr('type', 'button')
    .text('Print')
    .on('click', () => window.print());
}

function renderReport(container: HTMLElement, m: WeeklyReportModel): void {
  const c = select(container);
  c.append('p').attr('class', 'report-period').text(`${m.week}: ${m.period}, compared with ${m.previousWeek}`);
  const tile = c.append('dl').attr('class', 'kpis').selectAll('div').data(m.kpis).join('div').attr('class', (k) => `kpi ${k.tone}`);
  tile.append('dt').text((k) => k.label);
  tile.append('dd').attr('class', 'kpi-value').text((k) => k.value);
  tile
    .append('dd')
    .attr('class', 'kpi-note')
    // The words say what the colour says, for readers who cannot tell the colours apart (and on paper).
    .text((k) => `${k.delta} vs ${k.previous} last week${k.tone === 'neutral' ? '' : k.tone === 'better' ? ' (better)' : ' (worse)'}`);
  for (const table of m.tables) renderTable(c.append('div').attr('class', 'panel report-table').node()!, table);
}
