/**
 * Change latency: how long a change takes from request to live, command against network side by side (log time
 * axis), DORA lead-time buckets, the weekly trend, and how long messages kept contradicting a protocol signal.
 */
import { select } from 'd3';
import { boxStripChart } from '../charts/boxStripChart.js';
import { groupedBarChart } from '../charts/groupedBarChart.js';
import { renderLegend } from '../charts/legend.js';
import { lineChart } from '../charts/lineChart.js';
import { modelSymbol, SERIES_SYMBOLS } from '../charts/marks.js';
import { renderTable } from '../charts/renderTable.js';
import { buildChangeLatencyModel, CHANGE_COLUMNS, changeRowCells, MODELS, type ChangeLatencyModel } from '../model/changeLatencyModel.js';
import { formatCount, formatDuration } from '../model/format.js';
import { isoWeekStart } from '../model/isoWeek.js';
import { modelColour } from '../model/palette.js';
import { textCell } from '../model/table.js';
import { createPage, kpiTiles, loadInto, section } from './page.js';
import type { MountView } from './ViewContext.js';

/** Mounts the change-latency view. */
export const mountLatencyView: MountView = async (root, ctx) => {
  const page = createPage(root, 'Change latency', 'From "change requested" to "live": command journeys (approvals, QA, deployment windows) against network agents.', 'latency');
  await loadInto(page, ctx.signal, () => ctx.api.changeLatency(ctx.range), {
    loading: 'Loading changes…',
    isEmpty: (d) => d.changes.length === 0 && d.inProgress.length === 0 && (d.reaction ?? []).length === 0,
    empty: `No change in ${ctx.range.label.toLowerCase()}.`,
    render: (d) => renderLatency(page.content, buildChangeLatencyModel(d)),
  });
};

function renderLatency(container: HTMLElement, m: ChangeLatencyModel): void {
  kpiTiles(container, [
    ...m.rows.map((r) => ({ label: `${r.model} lead time p50`, value: formatDuration(r.p50Ms), note: `p90 ${formatDuration(r.p90Ms)} · ${formatCount(r.count)} changes` })),
    { label: 'In progress', value: formatCount(m.inProgress), note: 'requested, not live yet' },
  ]);
  const dist = section(container, 'Lead time distribution (log scale)');
  if (m.extentMs) boxStripChart().data(m.rows).extentMs(m.extentMs)(dist);
  else select(dist).append('p').attr('class', 'muted').text('No change went live in this range.');
  renderLegend(dist, MODELS.map((model) => ({ label: model, colour: modelColour(model), symbol: modelSymbol(model) })), 'Models');

  const grid = select(container).append('div').attr('class', 'grid-2').node()!;
  const dora = section(grid, 'DORA lead-time buckets');
  groupedBarChart()
    .label('Changes per DORA lead-time bucket and model')
    .categories(m.dora.map((d) => d.bucket))
    .series(MODELS.map((model) => ({ key: model, label: model, colour: modelColour(model), values: m.dora.map((d) => d[model]) })))(dora);
  renderLegend(dora, MODELS.map((model) => ({ label: model, colour: modelColour(model), symbol: modelSymbol(model) })), 'Models');

  const trend = section(grid, 'Median lead time by week of going live');
  const points = (model: 'command' | 'network') => m.trend.map((t) => ({ t: isoWeekStart(t.week) ?? 0, y: t[model] }));
  if (m.trend.length > 0) {
    lineChart()
      .label('Median lead time per week')
      .yKind('duration')
      .data(MODELS.map((model) => ({ key: model, label: model, colour: modelColour(model), points: points(model) })))(trend);
    renderLegend(trend, MODELS.map((model, i) => ({ label: model, colour: modelColour(model), symbol: SERIES_SYMBOLS[i] })), 'Models');
  } else select(trend).append('p').attr('class', 'muted').text('No change went live in this range.');

  const reaction = section(container, 'Reaction latency: how long contradicting messages continued after a signal');
  renderTable(reaction, {
    caption: 'Per contradiction rule: signals (e.g. out of stock), and the time from the signal to the last contradicting message',
    columns: [
      { label: 'Rule' },
      { label: 'Signals', numeric: true },
      { label: 'Followed by contradictions', numeric: true },
      { label: 'p50', numeric: true },
      { label: 'p90', numeric: true },
      { label: 'max', numeric: true },
      { label: 'command p50', numeric: true },
      { label: 'network p50', numeric: true },
    ],
    rows: m.reaction.map((r) => [
      textCell(r.rule),
      textCell(formatCount(r.signals), { numeric: true }),
      textCell(formatCount(r.reacted), { numeric: true }),
      textCell(formatDuration(r.p50Ms), { numeric: true }),
      textCell(formatDuration(r.p90Ms), { numeric: true }),
      textCell(formatDuration(r.maxMs), { numeric: true }),
      textCell(formatDuration(r.commandP50Ms), { numeric: true }),
      textCell(formatDuration(r.networkP50Ms), { numeric: true }),
    ]),
    empty: 'No contradiction rule had a signal in this range.',
  });

  const changes = section(container, 'Changes that went live');
  renderTable(changes, {
    caption: 'Completed changes, most recent first',
    columns: CHANGE_COLUMNS,
    rows: m.rows
      .flatMap((r) => r.changes)
      .sort((a, b) => b.liveAt.localeCompare(a.liveAt))
      .map(changeRowCells),
    empty: 'No change went live in this range.',
  });
}
