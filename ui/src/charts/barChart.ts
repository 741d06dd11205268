/** Horizontal bar chart of labelled counts; bars are buttons (click or Enter) when `onSelect` is set. */
import { max, scaleBand, scaleLinear, select } from 'd3';
import { OKABE_ITO } from '../model/palette.js';
import { accessor, type Accessor } from './accessor.js';
import { createFrame, onActivate, resolveWidth, truncate } from './svgFrame.js';

/** One bar. */
export interface BarDatum {
  key: string;
  label: string;
  value: number;
  /** Text after the bar; defaults to the value. */
  valueLabel?: string;
  colour?: string;
}

/** The component. */
export interface BarChart {
  (container: HTMLElement): void;
  data: Accessor<BarDatum[], BarChart>;
  width: Accessor<number, BarChart>;
  label: Accessor<string, BarChart>;
  /** Key of the highlighted bar. */
  selected: Accessor<string | undefined, BarChart>;
  onSelect: Accessor<((key: string) => void) | undefined, BarChart>;
}

const BAR_HEIGHT = 26;
const LABEL_WIDTH = 210;

/** Creates a bar chart. */
export function barChart(): BarChart {
  let data: BarDatum[] = [];
  let width = 0;
  let label = 'Bar chart';
  let selected: string | undefined;
  let onSelect: ((key: string) => void) | undefined;

  const chart = ((container: HTMLElement) => {
    const w = resolveWidth(container, width);
    const margin = { top: 4, right: 110, bottom: 4, left: LABEL_WIDTH };
    const frame = createFrame(container, w, margin.top + margin.bottom + data.length * BAR_HEIGHT, margin, label);
    const y = scaleBand<string>().domain(data.map((d) => d.key)).range([0, frame.innerHeight]).padding(0.2);
    const x = scaleLinear().domain([0, max(data, (d) => d.value) ?? 1]).nice().range([0, frame.innerWidth]);
    const bars = frame.plot
      .selectAll<SVGGElement, BarDatum>('g.bar')
      .data(data)
      .join('g')
      .attr('class', 'bar')
      .classed('selected', (d) => d.key === selected)
      .attr('transform', (d) => `translate(0,${y(d.key)})`)
      .attr('aria-label', (d) => `${d.label}: ${d.valueLabel ?? d.value}`);
    bars
      .append('text')
      .attr('class', 'bar-label')
      .attr('x', -8)
      .attr('y', y.bandwidth() / 2)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .text((d) => truncate(d.label, 32));
    bars
      .append('rect')
      .attr('height', y.bandwidth())
      .attr('width', (d) => Math.max(1, x(d.value)))
      .attr('fill', (d) => d.colour ?? OKABE_ITO.blue);
    bars
      .append('text')
      .attr('class', 'bar-value')
      .attr('x', (d) => x(d.value) + 6)
      .attr('y', y.bandwidth() / 2)
      .attr('dy', '0.35em')
      .text((d) => d.valueLabel ?? String(d.value));
    bars.append('title').text((d) => `${d.label}: ${d.valueLabel ?? d.value}`);
    if (onSelect) {
      const select_ = onSelect;
      onActivate(bars, (_e, d) => select_(d.key));
      bars.classed('clickable', true);
    }
    select(container).attr('data-bars', data.length);
  }) as BarChart;

  chart.data = accessor(chart, () => data, (v) => (data = v));
  chart.width = accessor(chart, () => width, (v) => (width = v));
  chart.label = accessor(chart, () => label, (v) => (label = v));
  chart.selected = accessor(chart, () => selected, (v) => (selected = v));
  chart.onSelect = accessor(chart, () => onSelect, (v) => (onSelect = v));
  return chart;
}
