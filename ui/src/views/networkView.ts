/**
 * Network map: who follows whom. Agents as nodes, directly-follows transitions as weighted arrows, loops highlighted;
 * filtered by the time range and the orchestration model.
 */
import { select } from 'd3';
import { renderLegend } from '../charts/legend.js';
import { modelSymbol } from '../charts/marks.js';
import { networkChart } from '../charts/networkChart.js';
import { renderTable } from '../charts/renderTable.js';
import { formatCount, formatDuration } from '../model/format.js';
import { buildNetworkMap, type NetworkMapModel } from '../model/networkMap.js';
import { LOOP, modelColour } from '../model/palette.js';
import { formatRoute, routeToView } from '../model/route.js';
import { textCell } from '../model/table.js';
import { createPage, loadInto } from './page.js';
import type { MountView, ViewContext } from './ViewContext.js';

const MODEL_FILTERS = [
  { value: '', label: 'All models' },
  { value: 'command', label: 'Command journeys' },
  { value: 'network', label: 'Network agents' },
];

/** Edges listed in the table under the map. */
const TABLE_EDGES = 40;

/** Mounts the network map. */
export const mountNetworkView: MountView = async (root, ctx) => {
  const page = createPage(root, 'Network map', 'Which agent acts after which, how often and how fast. Loops are highlighted.', 'network');
  const model = ctx.route.model === 'command' || ctx.route.model === 'network' ? ctx.route.model : undefined;
  const form = select(page.controls).append('form').attr('class', 'inline-form');
  form.append('label').attr('for', 'model-filter').text('Model');
  const selectEl = form.append('select').attr('id', 'model-filter');
  selectEl
    .selectAll('option')
    .data(MODEL_FILTERS)
    .join('option')
    .attr('value', (o) => o.value)
    .property('selected', (o) => o.value === (model ?? ''))
    .text((o) => o.label);
  selectEl.on('change', () => ctx.navigate({ ...ctx.route, model: String(selectEl.property('value')) || undefined }));

  await loadInto(page, ctx.signal, () => Promise.all([ctx.api.paths(ctx.range, model), ctx.api.loops(ctx.range)]), {
    loading: 'Loading transitions and loops…',
    isEmpty: ([paths]) => paths.nodes.length === 0,
    empty: `No agent activity in ${ctx.range.label.toLowerCase()}${model ? ` for the ${model} model` : ''}.`,
    render: ([paths, { loops }]) => renderMap(page.content, buildNetworkMap(paths, loops), ctx),
  });
};

function renderMap(container: HTMLElement, map: NetworkMapModel, ctx: ViewContext): void {
  const loopEdges = map.edges.filter((e) => e.inLoop).length;
  select(container)
    .append('p')
    .attr('class', 'muted')
    .text(`${map.nodes.length} agents, ${map.edges.length} transitions${loopEdges ? `, ${loopEdges} of them in loops` : ''}. Arrow width = number of transitions; hover an arrow for the median time between the two steps. Select an agent to isolate its arrows.`);
  const legend = select(container).append('div').node()!;
  renderLegend(legend, [
    { label: 'command journey', colour: modelColour('command'), symbol: modelSymbol('command') },
    { label: 'network agent', colour: modelColour('network'), symbol: modelSymbol('network') },
    { label: 'transition', colour: '#666' },
    { label: 'transition in a loop', colour: LOOP, lineWidth: 4 },
  ]);
  const box = select(container).append('div').attr('class', 'network-box').node()!;
  const chart = networkChart().data(map);
  chart.onSelect((agent) => {
    chart.focus(chart.focus() === agent ? undefined : agent)(box);
    // Drawing replaced the marks; keep keyboard users where they were.
    box.querySelector<SVGGElement>('g.node.selected')?.focus();
  })(box);
  renderTable(select(container).append('div').attr('class', 'panel').node()!, {
    caption: `Most frequent transitions (top ${TABLE_EDGES})`,
    columns: [{ label: 'From' }, { label: 'To' }, { label: 'Transitions', numeric: true }, { label: 'Median time', numeric: true }, { label: 'Loop' }],
    rows: [...map.edges]
      .sort((a, b) => b.count - a.count)
      .slice(0, TABLE_EDGES)
      .map((e) => [
        textCell(e.from),
        textCell(e.to),
        textCell(formatCount(e.count), { numeric: true }),
        textCell(formatDuration(e.medianTransitionMs), { numeric: true }),
        e.inLoop ? textCell('loop', { tone: 'worse', href: formatRoute(routeToView(ctx.route, 'loops')) }) : textCell('–'),
      ]),
    empty: 'No transitions.',
  });
}
