/**
 * Network map: agents on a circle (layout from `model/networkMap.ts`), directly-follows edges as curved arrows with
 * width by count, loop edges and agents highlighted. Curves bend to the right of their direction, so the two
 * directions between a pair of agents never overlap.
 */
import { select } from 'd3';
import type { MapEdge, MapNode, NetworkMapModel } from '../model/networkMap.js';
import { LOOP, modelColour } from '../model/palette.js';
import { formatCount, formatDuration } from '../model/format.js';
import { accessor, type Accessor } from './accessor.js';
import { modelSymbol, symbolPath } from './marks.js';
import { createFrame, onActivate, resolveWidth, truncate } from './svgFrame.js';

/** The component. */
export interface NetworkChart {
  (container: HTMLElement): void;
  data: Accessor<NetworkMapModel | undefined, NetworkChart>;
  width: Accessor<number, NetworkChart>;
  /** The highlighted agent: its edges stay opaque, the others fade. */
  focus: Accessor<string | undefined, NetworkChart>;
  onSelect: Accessor<((agent: string) => void) | undefined, NetworkChart>;
}

const LABEL_SPACE = 150;

/** Creates a network chart. */
export function networkChart(): NetworkChart {
  let data: NetworkMapModel | undefined;
  let width = 0;
  let focus: string | undefined;
  let onSelect: ((agent: string) => void) | undefined;

  const chart = ((container: HTMLElement) => {
    if (!data) return;
    const model = data;
    const w = Math.min(resolveWidth(container, width), 980);
    const size = Math.min(w, 760);
    const frame = createFrame(container, w, size, { top: 0, right: 0, bottom: 0, left: 0 }, 'Network map of agents and their directly-follows transitions');
    const r = size / 2 - LABEL_SPACE / 2 - 20;
    const cx = w / 2;
    const cy = size / 2;
    const pos = new Map(model.nodes.map((n) => [n.agent, { x: cx + n.x * r, y: cy + n.y * r, n }]));
    const nodeRadius = (n: MapNode) => 7 + 15 * Math.sqrt(n.count / model.maxNodeCount);
    const edgeWidth = (e: MapEdge) => 1 + 7 * Math.sqrt(e.count / model.maxEdgeCount);

    const defs = frame.svg.append('defs');
    for (const [id, colour] of [
      ['arrow', '#666'],
      ['arrow-loop', LOOP],
    ] as const) {
      defs
        .append('marker')
        .attr('id', id)
        .attr('viewBox', '0 -5 10 10')
        .attr('refX', 9)
        // Fixed size in pixels: scaled by stroke width, arrowheads of heavy edges would swamp the map.
        .attr('markerUnits', 'userSpaceOnUse')
        .attr('markerWidth', 11)
        .attr('markerHeight', 11)
        .attr('orient', 'auto')
        .append('path')
        .attr('d', 'M0,-5L10,0L0,5')
        .attr('fill', colour);
    }

    const edgePath = (e: MapEdge): string => {
      const a = pos.get(e.from);
      const b = pos.get(e.to);
      if (!a || !b) return '';
      if (e.from === e.to) {
        // Self-loop: a small circle outside the ring.
        const ox = (a.x - cx) / r;
        const oy = (a.y - cy) / r;
        const rr = nodeRadius(a.n);
        const px = a.x + ox * (rr + 14);
        const py = a.y + oy * (rr + 14);
        return `M${a.x + ox * rr},${a.y + oy * rr} A14,14 0 1,1 ${px + oy * 4},${py - ox * 4}`;
      }
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const dist = Math.hypot(dx, dy) || 1;
      // Trim the ends to the node circles so arrowheads stay visible.
      const ra = nodeRadius(a.n) + 2;
      const rb = nodeRadius(b.n) + 4;
      const sx = a.x + (dx / dist) * ra;
      const sy = a.y + (dy / dist) * ra;
      const tx = b.x - (dx / dist) * rb;
      const ty = b.y - (dy / dist) * rb;
      const bend = e.bidirectional ? 0.18 : 0.08;
      const mx = (sx + tx) / 2 - dy * bend;
      const my = (sy + ty) / 2 + dx * bend;
      return `M${sx},${sy} Q${mx},${my} ${tx},${ty}`;
    };

    const touches = (e: MapEdge) => focus === undefined || e.from === focus || e.to === focus;
    const edges = frame.plot
      .append('g')
      .attr('class', 'edges')
      .selectAll('path')
      // Loop edges last, so they are drawn on top.
      .data([...model.edges].sort((a, b) => Number(a.inLoop) - Number(b.inLoop) || a.count - b.count))
      .join('path')
      .attr('class', (e) => `edge${e.inLoop ? ' loop' : ''}`)
      .attr('d', edgePath)
      .attr('fill', 'none')
      .attr('stroke', (e) => (e.inLoop ? LOOP : '#666'))
      .attr('stroke-width', edgeWidth)
      .attr('stroke-opacity', (e) => (touches(e) ? (e.inLoop ? 0.95 : 0.55) : 0.08))
      .attr('marker-end', (e) => `url(#${e.inLoop ? 'arrow-loop' : 'arrow'})`);
    edges.append('title').text((e) => `${e.from} → ${e.to}: ${formatCount(e.count)} transitions, median ${formatDuration(e.medianTransitionMs)}${e.inLoop ? ' (loop)' : ''}`);

    const nodes = frame.plot
      .append('g')
      .attr('class', 'nodes')
      .selectAll<SVGGElement, MapNode>('g')
      .data(model.nodes)
      .join('g')
      .attr('class', (n) => `node${n.inLoop ? ' loop' : ''}${n.agent === focus ? ' selected' : ''}`)
      .attr('transform', (n) => `translate(${pos.get(n.agent)!.x},${pos.get(n.agent)!.y})`)
      .attr('aria-label', (n) => `${n.agent}, ${n.model ?? 'no model'}, ${n.count} steps${n.inLoop ? ', in a loop' : ''}`);
    nodes
      .append('path')
      .attr('d', (n) => symbolPath(modelSymbol(n.model), Math.PI * nodeRadius(n) ** 2))
      .attr('fill', (n) => modelColour(n.model))
      .attr('stroke', (n) => (n.inLoop ? LOOP : '#fff'))
      .attr('stroke-width', (n) => (n.inLoop ? 4 : 1.5));
    nodes
      .append('text')
      .attr('class', 'node-label')
      .each(function (n) {
        // Labels outside the ring, anchored away from the centre.
        const rr = nodeRadius(n) + 6;
        select(this)
          .attr('x', n.x * rr)
          .attr('y', n.y * rr)
          .attr('dy', '0.35em')
          .attr('text-anchor', n.x > 0.2 ? 'start' : n.x < -0.2 ? 'end' : 'middle')
          .attr('dominant-baseline', n.y < -0.8 ? 'text-after-edge' : n.y > 0.8 ? 'hanging' : null);
      })
      .text((n) => truncate(n.agent, 24));
    nodes.append('title').text((n) => `${n.agent} (${n.model ?? 'no model'}): ${formatCount(n.count)} steps`);
    if (onSelect) {
      const select_ = onSelect;
      onActivate(nodes, (_e, n) => select_(n.agent));
    }
  }) as NetworkChart;

  chart.data = accessor(chart, () => data, (v) => (data = v));
  chart.width = accessor(chart, () => width, (v) => (width = v));
  chart.focus = accessor(chart, () => focus, (v) => (focus = v));
  chart.onSelect = accessor(chart, () => onSelect, (v) => (onSelect = v));
  return chart;
}
