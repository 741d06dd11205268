/**
 * Lead-time distribution per model on a shared log time axis: a box (quartiles, median, min–max whiskers) over a strip
 * of every change, so weeks-long command changes and hours-long network changes read on one scale.
 */
import { axisBottom, scaleBand, scaleLog, select } from 'd3';
import type { LeadTimeRow } from '../model/changeLatencyModel.js';
import { formatDuration } from '../model/format.js';
import { modelColour } from '../model/palette.js';
import { accessor, type Accessor } from './accessor.js';
import { modelSymbol, symbolPath } from './marks.js';
import { createFrame, resolveWidth } from './svgFrame.js';
import { durationTicks } from './durationTicks.js';

/** The component. */
export interface BoxStripChart {
  (container: HTMLElement): void;
  data: Accessor<LeadTimeRow[], BoxStripChart>;
  extentMs: Accessor<[number, number], BoxStripChart>;
  width: Accessor<number, BoxStripChart>;
}

const ROW_HEIGHT = 80;

/** Creates the chart. */
export function boxStripChart(): BoxStripChart {
  let data: LeadTimeRow[] = [];
  let extentMs: [number, number] = [60_000, 86_400_000];
  let width = 0;

  const chart = ((container: HTMLElement) => {
    const w = resolveWidth(container, width);
    const margin = { top: 8, right: 24, bottom: 30, left: 90 };
    const frame = createFrame(container, w, margin.top + margin.bottom + data.length * ROW_HEIGHT, margin, 'Lead time distribution, command and network');
    const x = scaleLog()
      .domain([Math.max(1000, extentMs[0] / 2), Math.max(extentMs[1] * 2, extentMs[0] * 10)])
      .range([0, frame.innerWidth])
      .clamp(true);
    const y = scaleBand<string>().domain(data.map((r) => r.model)).range([0, frame.innerHeight]).padding(0.25);
    const ticks = durationTicks(x.domain()[0]!, x.domain()[1]!, 10);
    frame.plot
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${frame.innerHeight})`)
      .call(axisBottom(x).tickValues(ticks).tickFormat((v) => formatDuration(Number(v))));
    frame.plot
      .append('g')
      .attr('class', 'grid')
      .selectAll('line')
      .data(ticks)
      .join('line')
      .attr('x1', (t) => x(t))
      .attr('x2', (t) => x(t))
      .attr('y2', frame.innerHeight);
    const row = frame.plot
      .selectAll('g.row')
      .data(data)
      .join('g')
      .attr('class', 'row')
      .attr('transform', (r) => `translate(0,${y(r.model)})`);
    row
      .append('text')
      .attr('class', 'row-label')
      .attr('x', -10)
      .attr('y', y.bandwidth() / 2)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .text((r) => `${r.model} (${r.count})`);
    const bh = y.bandwidth();
    row.each(function (r) {
      const g = select(this);
      const colour = modelColour(r.model);
      if (r.box) {
        const b = r.box;
        g.append('line').attr('class', 'whisker').attr('x1', x(b.min)).attr('x2', x(b.max)).attr('y1', bh * 0.3).attr('y2', bh * 0.3).attr('stroke', colour);
        g.append('rect')
          .attr('class', 'box')
          .attr('x', x(b.q1))
          .attr('width', Math.max(2, x(b.q3) - x(b.q1)))
          .attr('y', bh * 0.1)
          .attr('height', bh * 0.4)
          .attr('fill', colour)
          .attr('fill-opacity', 0.25)
          .attr('stroke', colour);
        g.append('line').attr('class', 'median').attr('x1', x(b.median)).attr('x2', x(b.median)).attr('y1', bh * 0.05).attr('y2', bh * 0.55).attr('stroke', '#000').attr('stroke-width', 2.5);
        g.append('title').text(`${r.model}: median ${formatDuration(b.median)}, quartiles ${formatDuration(b.q1)}–${formatDuration(b.q3)}, range ${formatDuration(b.min)}–${formatDuration(b.max)}`);
      } else {
        g.append('text').attr('class', 'muted').attr('y', bh / 2).text('no completed changes in this range');
      }
      // The strip: each change below its box, jittered by a hash of its position so reloads look the same.
      g.selectAll('path.change')
        .data(r.changes)
        .join('path')
        .attr('class', 'change')
        .attr('transform', (c, i) => `translate(${x(Math.max(1, c.leadTimeMs))},${bh * 0.72 + (((i * 37) % 11) - 5) * (bh * 0.035)})`)
        .attr('d', symbolPath(modelSymbol(r.model), 30))
        .attr('fill', colour)
        .attr('fill-opacity', 0.75)
        .append('title')
        .text((c) => `${c.id} (${c.target}): ${formatDuration(c.leadTimeMs)}`);
    });
  }) as BoxStripChart;

  chart.data = accessor(chart, () => data, (v) => (data = v));
  chart.extentMs = accessor(chart, () => extentMs, (v) => (extentMs = v));
  chart.width = accessor(chart, () => width, (v) => (width = v));
  return chart;
}
