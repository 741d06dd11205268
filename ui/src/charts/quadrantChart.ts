/**
 * The journey audit 2x2: predictability (x) against impact (y), guide lines at the thresholds, a title per quadrant,
 * each journey a labelled mark whose colour and shape say the recommended model (hollow when there is little data).
 */
import { axisBottom, axisLeft, format, max, scaleLinear, scaleSqrt } from 'd3';
import type { AuditPoint } from '../model/auditModel.js';
import { IMPACT_THRESHOLD, PREDICTABILITY_THRESHOLD, QUADRANTS } from '../model/auditModel.js';
import { LABEL_GAP, placeLabels, type Box, type LabelSide } from '../model/labelPlacement.js';
import { modelColour } from '../model/palette.js';
import { accessor, type Accessor } from './accessor.js';
import { modelSymbol, symbolPath } from './marks.js';
import { createFrame, onActivate, resolveWidth, textWidth, truncate } from './svgFrame.js';

/** Colour of a recommendation (hybrid shares the "mixed" colour). */
export function recommendationColour(r: AuditPoint['recommendation']): string {
  return modelColour(r === 'hybrid' ? 'mixed' : r);
}

/** The component. */
export interface QuadrantChart {
  (container: HTMLElement): void;
  data: Accessor<AuditPoint[], QuadrantChart>;
  width: Accessor<number, QuadrantChart>;
  selected: Accessor<string | undefined, QuadrantChart>;
  onSelect: Accessor<((family: string) => void) | undefined, QuadrantChart>;
}

/** Height of a label's line at the chart's 12px font. */
const LABEL_HEIGHT = 14;
/** Half the extent of a mark of symbol area A is at most this times √A (a square's is 0.5, a circle's 0.56). */
const MARK_EXTENT = 0.6;

/** Puts a label on `side` of its mark (of `radius`), or hides it until the mark is hovered or focused. */
function positionLabel(node: SVGTextElement, side: LabelSide | undefined, radius: number): void {
  const off = radius + LABEL_GAP;
  const [x, y, anchor] =
    side === 'left' ? [-off, 0, 'end']
    : side === 'above' ? [0, -off - LABEL_HEIGHT / 2, 'middle']
    : side === 'below' ? [0, off + LABEL_HEIGHT / 2, 'middle']
    : [off, 0, 'start'];
  node.setAttribute('x', String(x));
  node.setAttribute('y', String(y));
  node.setAttribute('text-anchor', anchor);
  node.classList.toggle('crowded', side === undefined);
}

/** Creates the chart. */
export function quadrantChart(): QuadrantChart {
  let data: AuditPoint[] = [];
  let width = 0;
  let selected: string | undefined;
  let onSelect: ((family: string) => void) | undefined;

  const chart = ((container: HTMLElement) => {
    const w = Math.min(resolveWidth(container, width), 900);
    const margin = { top: 20, right: 150, bottom: 44, left: 56 };
    const frame = createFrame(container, w, Math.min(560, w * 0.68), margin, 'Journeys by predictability and impact');
    const { plot, innerWidth, innerHeight } = frame;
    const x = scaleLinear().domain([0, 1]).range([0, innerWidth]);
    // Impact is a share of customers; most journeys sit low, so the axis stops a little above the largest value.
    const y = scaleLinear()
      .domain([0, Math.min(1, Math.max(IMPACT_THRESHOLD * 2.5, (max(data, (d) => d.impact) ?? 0) * 1.15))])
      .range([innerHeight, 0]);
    const area = scaleSqrt().domain([0, max(data, (d) => d.customers) ?? 1]).range([40, 500]);
    const pct = format('.0%');
    plot.append('g').attr('class', 'axis').attr('transform', `translate(0,${innerHeight})`).call(axisBottom(x).tickFormat((v) => pct(Number(v))));
    plot.append('g').attr('class', 'axis').call(axisLeft(y).ticks(6).tickFormat((v) => pct(Number(v))));
    plot.append('text').attr('class', 'axis-title').attr('x', innerWidth / 2).attr('y', innerHeight + 38).attr('text-anchor', 'middle').text('Predictability (1 = every customer walks the same path)');
    plot.append('text').attr('class', 'axis-title').attr('transform', `translate(-44,${innerHeight / 2}) rotate(-90)`).attr('text-anchor', 'middle').text('Impact (share of customers hurt)');
    plot.append('line').attr('class', 'threshold').attr('x1', x(PREDICTABILITY_THRESHOLD)).attr('x2', x(PREDICTABILITY_THRESHOLD)).attr('y2', innerHeight);
    plot.append('line').attr('class', 'threshold').attr('y1', y(IMPACT_THRESHOLD)).attr('y2', y(IMPACT_THRESHOLD)).attr('x2', innerWidth);
    const titles = plot
      .selectAll<SVGTextElement, (typeof QUADRANTS)[number]>('text.quadrant')
      .data(QUADRANTS)
      .join('text')
      .attr('class', 'quadrant')
      .attr('x', (q) => (q.x === 1 ? innerWidth - 6 : 6))
      .attr('y', (q) => (q.y === 1 ? 14 : innerHeight - 8))
      .attr('text-anchor', (q) => (q.x === 1 ? 'end' : 'start'))
      .text((q) => q.title);
    const point = plot
      .selectAll<SVGGElement, AuditPoint>('g.point')
      .data([...data].reverse()) // riskiest last: drawn on top
      .join('g')
      .attr('class', 'point')
      .classed('selected', (d) => d.family === selected)
      .attr('transform', (d) => `translate(${x(d.predictability)},${y(d.impact)})`)
      .attr('aria-label', (d) => d.summary);
    point
      .append('path')
      .attr('d', (d) => symbolPath(modelSymbol(d.recommendation === 'hybrid' ? 'mixed' : d.recommendation), area(d.customers)))
      .attr('fill', (d) => (d.lowData ? '#fff' : recommendationColour(d.recommendation)))
      .attr('fill-opacity', 0.85)
      .attr('stroke', (d) => recommendationColour(d.recommendation))
      .attr('stroke-width', 2);
    const labels = point
      .append('text')
      .attr('class', 'point-label')
      .attr('dy', '0.35em')
      .text((d) => truncate(d.family, 26));
    // Labels that would cover another label, a mark or a quadrant's title are shown on hover only; the riskiest
    // journeys (and the selected one) keep theirs.
    const titleBoxes: Box[] = [];
    titles.each(function (q) {
      const w = textWidth(this);
      const x0 = q.x === 1 ? innerWidth - 6 - w : 6;
      const y0 = (q.y === 1 ? 14 : innerHeight - 8) - LABEL_HEIGHT * 0.75;
      titleBoxes.push({ x0, y0, x1: x0 + w, y1: y0 + LABEL_HEIGHT });
    });
    const widths = new Map<string, number>();
    labels.each(function (d) {
      widths.set(d.family, textWidth(this));
    });
    const byPriority = [...data].sort((a, b) => Number(b.family === selected) - Number(a.family === selected));
    const radius = (d: AuditPoint): number => MARK_EXTENT * Math.sqrt(area(d.customers)) + 1;
    const sides = placeLabels(
      byPriority.map((d) => ({ x: x(d.predictability), y: y(d.impact), radius: radius(d), labelWidth: widths.get(d.family) ?? 0, labelHeight: LABEL_HEIGHT })),
      { left: 0, top: -margin.top, right: innerWidth + margin.right, bottom: innerHeight + LABEL_HEIGHT / 2 },
      titleBoxes,
    );
    const sideOf = new Map(byPriority.map((d, i) => [d.family, sides[i]]));
    labels.each(function (d) {
      positionLabel(this, sideOf.get(d.family), radius(d));
    });
    point.append('title').text((d) => `${d.summary}\n${d.rationale}`);
    if (onSelect) {
      const select_ = onSelect;
      onActivate(point, (_e, d) => select_(d.family));
    }
  }) as QuadrantChart;

  chart.data = accessor(chart, () => data, (v) => (data = v));
  chart.width = accessor(chart, () => width, (v) => (width = v));
  chart.selected = accessor(chart, () => selected, (v) => (selected = v));
  chart.onSelect = accessor(chart, () => onSelect, (v) => (onSelect = v));
  return chart;
}
