/** Loops, for SREs: active and recent feedback loops, their iterations, the runaway flag, and links to their chains. */
import { select } from 'd3';
import { formatCount, formatTime } from '../model/format.js';
import { buildLoopRows, summarizeLoops, type LoopRow } from '../model/loopsTable.js';
import { formatRoute, routeToView } from '../model/route.js';
import { createPage, kpiTiles, loadInto } from './page.js';
import type { MountView, ViewContext } from './ViewContext.js';

/** Mounts the loops view. */
export const mountLoopsView: MountView = async (root, ctx) => {
  const page = createPage(root, 'Loops', 'Agents re-triggering each other for a customer: the same cycle at least 3 times, each step within 10 minutes.', 'loops');
  await loadInto(page, ctx.signal, () => ctx.api.loops(ctx.range), {
    loading: 'Looking for loops…',
    isEmpty: ({ loops }) => loops.length === 0,
    empty: `No feedback loop in ${ctx.range.label.toLowerCase()}.`,
    render: ({ loops }) => {
      const rows = buildLoopRows(loops, ctx.nowMs);
      const s = summarizeLoops(rows);
      kpiTiles(page.content, [
        { label: 'Loops', value: formatCount(s.total) },
        { label: 'Active now', value: formatCount(s.active), tone: s.active > 0 ? 'worse' : '' },
        { label: 'Runaway', value: formatCount(s.runaway), note: '≥ 10 iterations for one customer', tone: s.runaway > 0 ? 'worse' : '' },
        { label: 'Customers affected', value: formatCount(s.customers) },
      ]);
      renderLoopTable(page.content, rows, ctx);
    },
  });
};

function renderLoopTable(container: HTMLElement, rows: LoopRow[], ctx: ViewContext): void {
  const table = select(container).append('table').attr('class', 'data-table loops-table');
  table.append('caption').text('Loops, active first, then runaway, then most recent');
  const headers = ['Status', 'Cycle', 'Evidence', 'Iterations (max per customer)', 'Customers', 'First seen (UTC)', 'Last seen (UTC)', 'Chains'];
  table.append('thead').append('tr').selectAll('th').data(headers).join('th').attr('scope', 'col').text((h) => h);
  const tr = table
    .append('tbody')
    .selectAll('tr')
    .data(rows)
    .join('tr')
    .attr('class', (r) => (r.runaway ? 'runaway' : null));
  const status = tr.append('td');
  status.append('span').attr('class', (r) => `badge badge-${r.status}`).text((r) => r.status);
  status
    .filter((r) => r.runaway)
    .append('span')
    .attr('class', 'badge badge-runaway')
    .text('runaway');
  tr.append('td').attr('class', 'cycle').text((r) => r.cycle);
  tr.append('td').text((r) => r.evidence);
  tr.append('td').attr('class', 'numeric').text((r) => `${formatCount(r.iterations)} (${formatCount(r.maxIterations)})`);
  const customers = tr.append('td');
  customers
    .selectAll('a')
    .data((r) => r.customerIds.slice(0, 3))
    .join('a')
    .attr('href', (id) => formatRoute(routeToView(ctx.route, 'customer', { customer: id })))
    .text((id) => id);
  customers
    .filter((r) => r.customers > 3)
    .append('span')
    .attr('class', 'muted')
    .text((r) => ` +${r.customers - 3}`);
  tr.append('td').text((r) => formatTime(r.firstSeenMs));
  tr.append('td').text((r) => formatTime(r.lastSeenMs));
  tr.append('td')
    .attr('class', 'chain-links')
    .selectAll('a')
    .data((r) => r.traceIds)
    .join('a')
    .attr('href', (t) => formatRoute(routeToView(ctx.route, 'chain', { trace: t })))
    .attr('title', (t) => `Chain of trace ${t}`)
    .text((t) => t.slice(0, 8));
}
