/**
 * Customer timeline: a swimlane per agent, spans as marks on a shared UTC time axis, messages larger and labelled with
 * intent and channel, conflicts as arcs between the two messages with the rule's name. The time axis zooms and pans
 * (wheel, drag, double-click) while lanes stay put.
 */
import { axisBottom, group, select, scaleUtc, zoom, zoomIdentity, type ZoomTransform } from 'd3';
import type { CustomerTimelineModel, TimelineItem } from '../model/customerTimeline.js';
import { stackLabels } from '../model/labelPlacement.js';
import { modelColour, NEUTRAL, PROBLEM } from '../model/palette.js';
import { accessor, type Accessor } from './accessor.js';
import { modelSymbol, symbolPath } from './marks.js';
import { createFrame, onActivate, resolveWidth, textWidth, truncate } from './svgFrame.js';

/** The component. */
export interface TimelineChart {
  (container: HTMLElement): void;
  data: Accessor<CustomerTimelineModel | undefined, TimelineChart>;
  width: Accessor<number, TimelineChart>;
  onSelect: Accessor<((item: TimelineItem) => void) | undefined, TimelineChart>;
}

const LANE_HEIGHT = 44;
const LABEL_WIDTH = 190;
const MESSAGE_AREA = 150;
const SPAN_AREA = 28;
/**
 * Least room (px) between two labels shown side by side; a message or conflict without room stays unlabelled until
 * zoomed in.
 */
const LABEL_GAP = 8;
/** Room above the first lane for conflict arcs and their labels. */
const ARC_SPACE = 58;
/** Conflict labels are stacked on up to this many heights, so labels of neighbouring arcs do not overprint. */
const LABEL_TIERS = 3;
/** The lowest conflict labels' baseline, above the centre of the first lane (clear of its messages' labels). */
const ARC_LABEL_DROP = 24;
/** Conflict labels closer than this to an edge of the plot are anchored at their inner end. */
const LABEL_EDGE = 150;

/**
 * The opening zoom: framed on the customer's messages when they cover a small part of the timeline (global events
 * can stretch it over weeks), so the interesting part is readable at once and zooming out shows the rest.
 */
function initialTransform(model: CustomerTimelineModel, x: ReturnType<typeof scaleUtc<number, number>>, innerWidth: number): ZoomTransform {
  if (model.messages.length === 0) return zoomIdentity;
  const lo = x(model.messages[0]!.atMs);
  const hi = x(model.messages[model.messages.length - 1]!.atMs);
  const span = Math.max(hi - lo, innerWidth / 50);
  if (span > innerWidth * 0.5) return zoomIdentity;
  const k = (innerWidth * 0.8) / span;
  return zoomIdentity.translate(innerWidth * 0.1 - k * (lo - (span - (hi - lo)) / 2), 0).scale(k);
}

/** Creates a timeline chart. */
export function timelineChart(): TimelineChart {
  let data: CustomerTimelineModel | undefined;
  let width = 0;
  let onSelect: ((item: TimelineItem) => void) | undefined;

  const chart = ((container: HTMLElement) => {
    if (!data) return;
    const model = data;
    const w = resolveWidth(container, width, 640);
    const margin = { top: ARC_SPACE, right: 24, bottom: 26, left: LABEL_WIDTH };
    const frame = createFrame(container, w, margin.top + margin.bottom + Math.max(1, model.lanes.length) * LANE_HEIGHT, margin, `Timeline of customer ${model.customerId}`);
    const { plot, innerWidth, innerHeight } = frame;
    // Pad the domain so the first and last marks are not cut by the edges.
    const [lo, hi] = model.extentMs;
    const pad = Math.max(60_000, (hi - lo) * 0.03);
    const x0 = scaleUtc().domain([lo - pad, hi + pad]).range([0, innerWidth]);
    const laneY = (lane: number) => lane * LANE_HEIGHT + LANE_HEIGHT / 2;

    const lanes = plot.append('g').attr('class', 'lanes');
    const lane = lanes
      .selectAll('g')
      .data(model.lanes)
      .join('g')
      .attr('transform', (d) => `translate(0,${d.index * LANE_HEIGHT})`);
    lane.append('rect').attr('class', (d) => `lane-bg lane-${d.kind}`).attr('x', -LABEL_WIDTH).attr('width', innerWidth + LABEL_WIDTH).attr('height', LANE_HEIGHT);
    lane
      .append('path')
      .attr('transform', `translate(${-LABEL_WIDTH + 12},${LANE_HEIGHT / 2})`)
      .attr('d', (d) => symbolPath(modelSymbol(d.kind), 70))
      .attr('fill', (d) => modelColour(d.kind));
    lane
      .append('text')
      .attr('class', 'lane-label')
      .attr('x', -LABEL_WIDTH + 24)
      .attr('y', LANE_HEIGHT / 2 - 5)
      .text((d) => truncate(d.agent, 22));
    lane
      .append('text')
      .attr('class', 'lane-kind')
      .attr('x', -LABEL_WIDTH + 24)
      .attr('y', LANE_HEIGHT / 2 + 10)
      .text((d) => `${d.kind === 'command' ? 'command journey' : d.kind === 'network' ? 'network agent' : d.kind === 'global' ? 'global events' : 'other'} · ${d.count}`);
    lane.append('title').text((d) => d.agent);

    const axisG = plot.append('g').attr('class', 'axis').attr('transform', `translate(0,${innerHeight})`);
    const clipId = `timeline-clip-${Math.random().toString(36).slice(2)}`;
    frame.svg
      .append('clipPath')
      .attr('id', clipId)
      .append('rect')
      .attr('width', innerWidth)
      .attr('height', innerHeight + ARC_SPACE)
      .attr('y', -ARC_SPACE);
    const body = plot.append('g').attr('clip-path', `url(#${clipId})`);
    const arcs = body.append('g').attr('class', 'conflicts');
    const marks = body.append('g').attr('class', 'marks');
    const byKey = new Map(model.items.map((i) => [i.key, i]));

    const mark = marks
      .selectAll<SVGGElement, TimelineItem>('g')
      .data(model.items, (d) => d.key)
      .join('g')
      .attr('class', (d) => `mark${d.isMessage ? ' message' : ''}${d.rules.length > 0 ? ' conflicted' : ''}`)
      .attr('data-key', (d) => d.key)
      .attr('aria-label', (d) => `${d.node.agent}: ${d.label}`);
    mark
      .append('path')
      .attr('d', (d) => symbolPath(modelSymbol(d.node.model), d.isMessage ? MESSAGE_AREA : SPAN_AREA))
      .attr('fill', (d) => (d.isMessage ? modelColour(d.node.model) : NEUTRAL));
    mark.append('title').text((d) => `${d.node.agent} · ${d.label}\n${d.node.start}${d.rules.length ? `\nconflicts: ${d.rules.join(', ')}` : ''}`);
    const labels = mark.filter((d) => d.isMessage).append('text').attr('class', 'mark-label').attr('y', -10).attr('text-anchor', 'middle').text((d) => d.label);
    const labelWidth = new Map<string, number>();
    labels.each(function (d) {
      labelWidth.set(d.key, textWidth(this));
    });
    const messagesByLane = [...group(labels.data(), (d) => d.lane).values()];
    if (onSelect) {
      const select_ = onSelect;
      onActivate(mark.filter((d) => d.isMessage), (_e, d) => select_(d));
      mark.filter((d) => !d.isMessage).on('click', (_e, d) => select_(d));
    }

    const arc = arcs
      .selectAll('g')
      .data(model.conflicts)
      .join('g')
      .attr('class', 'conflict');
    arc.append('path').attr('stroke', PROBLEM);
    const arcLabels = arc.append('text').attr('class', 'conflict-label').text((d) => d.label);
    arc.append('title').text((d) => `${d.label} (${d.kind})`);
    const arcLabelWidths = arcLabels.nodes().map(textWidth);

    function place(x: ReturnType<typeof scaleUtc<number, number>>): void {
      axisG.call(axisBottom(x).ticks(Math.max(2, Math.floor(innerWidth / 110))));
      mark.attr('transform', (d) => `translate(${x(d.atMs)},${laneY(d.lane)})`);
      // Label only messages with room: no two labels of a lane overprint, and none is cut at an edge.
      const labelled = new Set<string>();
      for (const messages of messagesByLane) {
        const tiers = stackLabels(
          messages.map((d) => [x(d.atMs) - labelWidth.get(d.key)! / 2, x(d.atMs) + labelWidth.get(d.key)! / 2] as const),
          1,
          LABEL_GAP,
          [0, innerWidth],
        );
        messages.forEach((d, i) => tiers[i] !== undefined && labelled.add(d.key));
      }
      labels.attr('display', (d) => (labelled.has(d.key) ? null : 'none'));
      const arcLabelSpots: Array<{ x: number; anchor: string } | undefined> = [];
      arc.each(function (d, i) {
        const a = byKey.get(d.from)!;
        const b = byKey.get(d.to)!;
        const ax = x(a.atMs);
        const ay = laneY(a.lane);
        const bx = x(b.atMs);
        const by = laneY(b.lane);
        const g = select(this);
        if (d.from === d.to) {
          g.select('path').attr('d', `M${ax - 12},${ay} a12,12 0 1,0 24,0 a12,12 0 1,0 -24,0`);
          g.select('text').attr('x', ax).attr('y', ay + 26);
          arcLabelSpots[i] = undefined;
          return;
        }
        // Bulge the arc upward, more for distant ends, so it clears the marks in between.
        const lift = Math.min(LANE_HEIGHT * 0.9, 14 + Math.abs(bx - ax) * 0.15);
        const mx = (ax + bx) / 2;
        const my = Math.min(ay, by) - lift;
        g.select('path').attr('d', `M${ax},${ay} Q${mx},${my} ${bx},${by}`);
        // Labels sit in the band above the first lane, over their arc's middle, stacked where they would overprint
        // (above a lower lane they would cover the messages of the lanes above). Near an edge the label grows
        // inward, so it is not cut off.
        const anchor = mx < LABEL_EDGE ? 'start' : mx > innerWidth - LABEL_EDGE ? 'end' : 'middle';
        arcLabelSpots[i] = { x: Math.max(0, Math.min(innerWidth, mx)), anchor };
      });
      const extent = (spot: { x: number; anchor: string }, w: number): readonly [number, number] =>
        spot.anchor === 'start' ? [spot.x, spot.x + w] : spot.anchor === 'end' ? [spot.x - w, spot.x] : [spot.x - w / 2, spot.x + w / 2];
      const stacked = arcLabelSpots.flatMap((spot, i) => (spot === undefined ? [] : [i]));
      const tiers = stackLabels(stacked.map((i) => extent(arcLabelSpots[i]!, arcLabelWidths[i]!)), LABEL_TIERS, LABEL_GAP);
      stacked.forEach((i, k) => {
        const spot = arcLabelSpots[i]!;
        const tier = tiers[k];
        select(arcLabels.nodes()[i]!)
          .attr('display', tier === undefined ? 'none' : null)
          .attr('text-anchor', spot.anchor)
          .attr('x', spot.x)
          .attr('y', laneY(0) - ARC_LABEL_DROP - (tier ?? 0) * 13);
      });
    }

    const zoomBehaviour = zoom<SVGSVGElement, unknown>()
      .scaleExtent([1, 5000])
      .translateExtent([
        [0, 0],
        [innerWidth, 0],
      ])
      .extent([
        [0, 0],
        [innerWidth, innerHeight],
      ])
      .on('zoom', (event: { transform: ZoomTransform }) => place(event.transform.rescaleX(x0)));
    const initial = initialTransform(model, x0, innerWidth);
    frame.svg.call(zoomBehaviour).on('dblclick.zoom', () => frame.svg.call(zoomBehaviour.transform, initial));
    frame.svg.call(zoomBehaviour.transform, initial);
  }) as TimelineChart;

  chart.data = accessor(chart, () => data, (v) => (data = v));
  chart.width = accessor(chart, () => width, (v) => (width = v));
  chart.onSelect = accessor(chart, () => onSelect, (v) => (onSelect = v));
  return chart;
}
