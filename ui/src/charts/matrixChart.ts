/** Heatmap of a symmetric agent × agent matrix (viridis: ordered and colour-blind-safe); cells are buttons. */
import { interpolateViridis, scaleBand, scaleSequentialSqrt } from 'd3';
import type { PairMatrix } from '../model/conflictStats.js';
import { accessor, type Accessor } from './accessor.js';
import { createFrame, onActivate, truncate } from './svgFrame.js';

/** The component. */
export interface MatrixChart {
  (container: HTMLElement): void;
  data: Accessor<PairMatrix, MatrixChart>;
  label: Accessor<string, MatrixChart>;
  selected: Accessor<[string, string] | undefined, MatrixChart>;
  onSelect: Accessor<((pair: [string, string]) => void) | undefined, MatrixChart>;
}

interface CellDatum {
  a: string;
  b: string;
  count: number;
}

const CELL = 34;
const LABEL_SPACE = 170;
/** Column labels slant up to the right at this angle. */
const COLUMN_LABEL_ANGLE = 55;
/** How far right of its column the longest slanted label reaches (it rises LABEL_SPACE at most). */
const COLUMN_LABEL_OVERHANG = Math.ceil(LABEL_SPACE / Math.tan((COLUMN_LABEL_ANGLE * Math.PI) / 180));

/** Creates a matrix chart. */
export function matrixChart(): MatrixChart {
  let data: PairMatrix = { agents: [], cells: [], max: 0 };
  let label = 'Agent pair matrix';
  let selected: [string, string] | undefined;
  let onSelect: ((pair: [string, string]) => void) | undefined;

  const chart = ((container: HTMLElement) => {
    const n = data.agents.length;
    const margin = { top: LABEL_SPACE, right: COLUMN_LABEL_OVERHANG, bottom: 8, left: LABEL_SPACE };
    const frame = createFrame(container, margin.left + n * CELL + margin.right, margin.top + n * CELL + margin.bottom, margin, label);
    const band = scaleBand<string>().domain(data.agents).range([0, n * CELL]);
    // Square-root scale: one hot pair (a runaway loop) must not wash out every other cell. Reversed viridis: more = darker.
    const colour = scaleSequentialSqrt((t: number) => interpolateViridis(1 - t)).domain([0, Math.max(1, data.max)]);
    const cells: CellDatum[] = data.agents.flatMap((a, i) => data.agents.map((b, j) => ({ a, b, count: data.cells[i]![j]! })));
    frame.plot
      .selectAll('text.row-label')
      .data(data.agents)
      .join('text')
      .attr('class', 'row-label')
      .attr('x', -6)
      .attr('y', (d) => band(d)! + CELL / 2)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .text((d) => truncate(d, 24));
    frame.plot
      .selectAll('text.col-label')
      .data(data.agents)
      .join('text')
      .attr('class', 'col-label')
      .attr('transform', (d) => `translate(${band(d)! + CELL / 2},-6) rotate(-${COLUMN_LABEL_ANGLE})`)
      .text((d) => truncate(d, 24));
    const isSelected = (d: CellDatum) => selected !== undefined && ((selected[0] === d.a && selected[1] === d.b) || (selected[0] === d.b && selected[1] === d.a));
    const g = frame.plot
      .selectAll<SVGGElement, CellDatum>('g.cell')
      .data(cells.filter((c) => c.count > 0))
      .join('g')
      .attr('class', 'cell clickable')
      .classed('selected', isSelected)
      .attr('transform', (d) => `translate(${band(d.b)},${band(d.a)})`)
      .attr('aria-label', (d) => `${d.a} and ${d.b}: ${d.count} conflicts`);
    g.append('rect').attr('width', CELL - 2).attr('height', CELL - 2).attr('fill', (d) => colour(d.count));
    g.append('text')
      .attr('x', (CELL - 2) / 2)
      .attr('y', (CELL - 2) / 2)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'middle')
      // Light text on the dark end of viridis, dark text on the light end.
      .attr('fill', (d) => (Math.sqrt(d.count / Math.max(1, data.max)) > 0.5 ? '#fff' : '#000'))
      .text((d) => String(d.count));
    g.append('title').text((d) => `${d.a} × ${d.b}: ${d.count}`);
    frame.plot
      .selectAll('rect.empty')
      .data(cells.filter((c) => c.count === 0))
      .join('rect')
      .attr('class', 'empty')
      .attr('x', (d) => band(d.b)!)
      .attr('y', (d) => band(d.a)!)
      .attr('width', CELL - 2)
      .attr('height', CELL - 2);
    if (onSelect) {
      const select_ = onSelect;
      onActivate(g, (_e, d) => select_([d.a, d.b]));
    }
  }) as MatrixChart;

  chart.data = accessor(chart, () => data, (v) => (data = v));
  chart.label = accessor(chart, () => label, (v) => (label = v));
  chart.selected = accessor(chart, () => selected, (v) => (selected = v));
  chart.onSelect = accessor(chart, () => onSelect, (v) => (onSelect = v));
  return chart;
}
