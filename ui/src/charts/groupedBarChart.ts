/** Vertical grouped bars: one group per category (DORA bucket), one bar per series (model), value on top. */
import { axisBottom, axisLeft, max, scaleBand, scaleLinear } from 'd3';
import { accessor, type Accessor } from './accessor.js';
import { createFrame, resolveWidth } from './svgFrame.js';

/** A series: its colour and the value per category. */
export interface BarSeries {
  key: string;
  label: string;
  colour: string;
  values: number[];
}

/** The component. */
export interface GroupedBarChart {
  (container: HTMLElement): void;
  categories: Accessor<string[], GroupedBarChart>;
  series: Accessor<BarSeries[], GroupedBarChart>;
  width: Accessor<number, GroupedBarChart>;
  label: Accessor<string, GroupedBarChart>;
}

/** Creates the chart. */
export function groupedBarChart(): GroupedBarChart {
  let categories: string[] = [];
  let series: BarSeries[] = [];
  let width = 0;
  let label = 'Grouped bars';

  const chart = ((container: HTMLElement) => {
    const w = Math.min(resolveWidth(container, width), 640);
    const margin = { top: 18, right: 10, bottom: 28, left: 36 };
    const frame = createFrame(container, w, 220, margin, label);
    const x0 = scaleBand<string>().domain(categories).range([0, frame.innerWidth]).padding(0.2);
    const x1 = scaleBand<string>().domain(series.map((s) => s.key)).range([0, x0.bandwidth()]).padding(0.08);
    const y = scaleLinear()
      .domain([0, Math.max(1, max(series.flatMap((s) => s.values)) ?? 1)])
      .nice()
      .range([frame.innerHeight, 0]);
    frame.plot.append('g').attr('class', 'axis').attr('transform', `translate(0,${frame.innerHeight})`).call(axisBottom(x0));
    frame.plot.append('g').attr('class', 'axis').call(axisLeft(y).ticks(4).tickFormat((v) => (Number.isInteger(Number(v)) ? String(v) : '')));
    const cells = categories.flatMap((c, ci) => series.map((s) => ({ c, s, v: s.values[ci] ?? 0 })));
    const bar = frame.plot
      .selectAll('g.bar')
      .data(cells)
      .join('g')
      .attr('class', 'bar')
      .attr('transform', (d) => `translate(${x0(d.c)! + x1(d.s.key)!},0)`);
    bar
      .append('rect')
      .attr('y', (d) => y(d.v))
      .attr('width', x1.bandwidth())
      .attr('height', (d) => frame.innerHeight - y(d.v))
      .attr('fill', (d) => d.s.colour);
    bar
      .append('text')
      .attr('class', 'bar-value')
      .attr('x', x1.bandwidth() / 2)
      .attr('y', (d) => y(d.v) - 4)
      .attr('text-anchor', 'middle')
      .text((d) => String(d.v));
    bar.append('title').text((d) => `${d.s.label}, ${d.c}: ${d.v}`);
  }) as GroupedBarChart;

  chart.categories = accessor(chart, () => categories, (v) => (categories = v));
  chart.series = accessor(chart, () => series, (v) => (series = v));
  chart.width = accessor(chart, () => width, (v) => (width = v));
  chart.label = accessor(chart, () => label, (v) => (label = v));
  return chart;
}
