/**
 * Journey audit: which journeys should be command, network or hybrid. A 2x2 of predictability against impact, each
 * journey with its recommendation and the reason for it.
 */
import { select } from 'd3';
import type { JourneyAudit } from '../api.js';
import { renderLegend } from '../charts/legend.js';
import { modelSymbol } from '../charts/marks.js';
import { quadrantChart, recommendationColour } from '../charts/quadrantChart.js';
import { buildAuditPoints, type AuditPoint } from '../model/auditModel.js';
import { formatCount, formatShare } from '../model/format.js';
import { createPage, loadInto, section } from './page.js';
import type { MountView } from './ViewContext.js';

/** Mounts the journey audit. */
export const mountAuditView: MountView = async (root, ctx) => {
  const page = createPage(root, 'Journey audit', 'Predictable journeys suit a command flowchart; unpredictable, high-impact ones need network agents under a handbook.', 'audit');
  await loadInto(page, ctx.signal, () => ctx.api.audit(ctx.range), {
    loading: 'Auditing journeys…',
    isEmpty: ({ journeys }) => journeys.length === 0,
    empty: `No journey ran in ${ctx.range.label.toLowerCase()}.`,
    render: ({ journeys }) => renderAudit(page.content, journeys),
  });
};

function renderAudit(container: HTMLElement, journeys: JourneyAudit[]): void {
  const points = buildAuditPoints(journeys);
  const chartBox = section(container, 'Predictability × impact');
  renderLegend(
    chartBox,
    [
      { label: 'recommend command', colour: recommendationColour('command'), symbol: modelSymbol('command') },
      { label: 'recommend network', colour: recommendationColour('network'), symbol: modelSymbol('network') },
      { label: 'recommend hybrid', colour: recommendationColour('hybrid'), symbol: modelSymbol('mixed') },
      { label: 'hollow: little data, read as a hint', colour: '#777', symbol: modelSymbol(null) },
    ],
    'Recommendations',
  );
  const plot = select(chartBox).append('div').node()!;
  const tableBox = section(container, 'Journeys');
  const chart = quadrantChart().data(points);
  const table = renderAuditTable(tableBox, points);
  chart.onSelect((family) => {
    chart.selected(family)(plot);
    // Bring the journey's row (with its rationale) into view and mark it.
    table.selectAll<HTMLTableRowElement, AuditPoint>('tr').classed('selected', (p) => p?.family === family);
    table
      .selectAll<HTMLTableRowElement, AuditPoint>('tr.selected')
      .node()
      ?.scrollIntoView({ block: 'nearest' });
  })(plot);
}

function renderAuditTable(container: HTMLElement, points: AuditPoint[]) {
  const table = select(container).append('table').attr('class', 'data-table');
  table.append('caption').text('Journeys and agent families, highest impact first');
  const headers = ['Journey / family', 'Model now', 'Customers', 'Distinct paths', 'Predictability', 'Impact', 'Recommendation', 'Why'];
  table.append('thead').append('tr').selectAll('th').data(headers).join('th').attr('scope', 'col').text((h) => h);
  const tr = table.append('tbody').selectAll('tr').data(points).join('tr');
  const name = tr.append('td');
  name.append('span').text((p) => p.family + (p.lowData ? ' (little data)' : ''));
  name
    .append('span')
    .attr('class', 'muted block')
    .text((p) => (p.topPath ? `most common: ${p.topPath}` : ''));
  tr.append('td').text((p) => p.model ?? '–');
  tr.append('td').attr('class', 'numeric').text((p) => formatCount(p.customers));
  tr.append('td').attr('class', 'numeric').text((p) => formatCount(p.distinctPaths));
  tr.append('td').attr('class', 'numeric').text((p) => formatShare(p.predictability));
  tr.append('td').attr('class', 'numeric').text((p) => formatShare(p.impact));
  tr.append('td').append('strong').text((p) => p.recommendation);
  tr.append('td').text((p) => p.rationale);
  return table;
}
