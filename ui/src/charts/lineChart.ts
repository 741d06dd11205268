/** Multi-series line chart over UTC time; y linear (counts) or log (durations). Each series has its own marker shape. */
import { axisBottom, axisLeft, line, max, min, scaleLinear, scaleLog, scaleUtc, select } from 'd3';
import { formatDuration } from '../model/format.js';
import { accessor, type Accessor } from './accessor.js';
import { SERIES_SYMBOLS, symbolPath } from './marks.js';
import { createFrame, resolveWidth } from './svgFrame.js';
import { durationTicks } from './durationTicks.js';

/** One series: y null = no value that period (a gap in the line). */
export interface LineSeries {
  key: string;
  label: string;
  colour: string;
  points: Array<{ t: number; y: number | null }>;
}

/** The component. */
export interface LineChart {
  (container: HTMLElement): void;
  data: Accessor<LineSeries[], LineChart>;
  width: Accessor<number, LineChart>;
  height: Accessor<number, LineChart>;
  /** `count`: linear axis from 0; `duration`: log axis of milliseconds. */
  yKind: Accessor<'count' | 'duration', LineChart>;
  label: Accessor<string, LineChart>;
}

/** Creates a line chart. */
export function lineChart(): LineChart {
  let data: LineSeries[] = [];
  let width = 0;
  let height = 220;
  let yKind: 'count' | 'duration' = 'count';
  let label = 'Trend';

  const chart = ((container: HTMLElement) => {
    const w = resolveWidth(container, width);
    const margin = { top: 10, right: 20, bottom: 28, left: yKind === 'duration' ? 64 : 44 };
    const frame = createFrame(container, w, height, margin, label);
    const all = data.flatMap((s) => s.points);
    const values = all.map((p) => p.y).filter((y): y is number => y !== null && (yKind === 'count' || y > 0));
    const x = scaleUtc()
      .domain([min(all, (p) => p.t) ?? 0, max(all, (p) => p.t) ?? 1])
      .range([0, frame.innerWidth]);
    const y =
      yKind === 'duration'
        ? scaleLog()
            .domain([Math.max(1, (min(values) ?? 1) / 2), Math.max(10, (max(values) ?? 10) * 2)])
            .range([frame.innerHeight, 0])
        : scaleLinear()
            .domain([0, Math.max(1, max(values) ?? 1)])
            .nice()
            .range([frame.innerHeight, 0]);
    frame.plot
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${frame.innerHeight})`)
      .call(axisBottom(x).ticks(Math.max(2, Math.floor(frame.innerWidth / 90))));
    const yAxis = axisLeft(y).ticks(5);
    if (yKind === 'duration') yAxis.tickValues(durationTicks(y.domain()[0]!, y.domain()[1]!, 6)).tickFormat((v) => formatDuration(Number(v)));
    else yAxis.tickFormat((v) => (Number.isInteger(Number(v)) ? String(v) : ''));
    frame.plot.append('g').attr('class', 'axis').call(yAxis);
    const path = line<{ t: number; y: number | null }>()
      .defined((p) => p.y !== null && (yKind === 'count' || p.y > 0))
      .x((p) => x(p.t))
      .y((p) => y(p.y ?? 1));
    const series = frame.plot.selectAll('g.series').data(data).join('g').attr('class', 'series');
    series.append('path').attr('d', (s) => path(s.points)).attr('fill', 'none').attr('stroke', (s) => s.colour).attr('stroke-width', 2);
    series.each(function (s, i) {
      select(this)
        .selectAll('path.point')
        .data(s.points.filter((p) => p.y !== null && (yKind === 'count' || p.y > 0)))
        .join('path')
        .attr('class', 'point')
        .attr('transform', (p) => `translate(${x(p.t)},${y(p.y!)})`)
        .attr('d', symbolPath(SERIES_SYMBOLS[i % SERIES_SYMBOLS.length]!, 40))
        .attr('fill', s.colour)
        .append('title')
        .text((p) => `${s.label} ${new Date(p.t).toISOString().slice(0, 10)}: ${yKind === 'duration' ? formatDuration(p.y) : p.y}`);
    });
  }) as LineChart;

  chart.data = accessor(chart, () => data, (v) => (data = v));
  chart.width = accessor(chart, () => width, (v) => (width = v));
  chart.height = accessor(chart, () => height, (v) => (height = v));
  chart.yKind = accessor(chart, () => yKind, (v) => (yKind = v));
  chart.label = accessor(chart, () => label, (v) => (label = v));
  return chart;
}
