/**
 * Canvas renderer of a laid-out causal chain: thousands of nodes stay smooth because the layout is computed once
 * (`model/chainLayout.ts`) and a zoom or pan only repaints, culled to the viewport, with labels only when legible.
 * Parent edges solid, links dashed, `context_read` links dotted, edges closing a cycle thick vermillion.
 */
import { select, zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3';
import { nodeAt, type ChainLayout } from '../model/chainLayout.js';
import { LINK, modelColour, NEUTRAL, PROBLEM } from '../model/palette.js';
import { spanLabel } from '../model/customerTimeline.js';
import { accessor, type Accessor } from './accessor.js';

/** The component. */
export interface ChainCanvas {
  (container: HTMLElement): void;
  layout: Accessor<ChainLayout | undefined, ChainCanvas>;
  height: Accessor<number, ChainCanvas>;
  /** Index of the selected node, -1 for none. */
  selected: Accessor<number, ChainCanvas>;
  onSelect: Accessor<((index: number) => void) | undefined, ChainCanvas>;
  /** Repaints (after `selected` changed). */
  redraw(): void;
  /** Pans (animated) so that node `index` is at the centre. */
  centreOn(index: number): void;
}

const NODE_W = 150;
const NODE_H = 20;
/** Zoom level from which labels are drawn; below it, nodes are plain blocks. */
const LABEL_ZOOM = 0.55;
/** Below this fit-to-view zoom a chain is long and thin (a loop's hundreds of hops); it opens readable at its start. */
const MIN_OVERVIEW_ZOOM = 0.2;

/** Creates a chain canvas. */
export function chainCanvas(): ChainCanvas {
  let layout: ChainLayout | undefined;
  let height = 560;
  let selected = -1;
  let onSelect: ((index: number) => void) | undefined;
  let canvas: HTMLCanvasElement | undefined;
  let zoomBehaviour: ZoomBehavior<HTMLCanvasElement, unknown> | undefined;
  let transform: ZoomTransform = zoomIdentity;
  let frameRequested = false;
  let cssWidth = 0;

  function requestDraw(): void {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      draw();
    });
  }

  function draw(): void {
    if (!canvas || !layout) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const ratio = window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, cssWidth, height);
    ctx.save();
    ctx.translate(transform.x, transform.y);
    ctx.scale(transform.k, transform.k);
    const k = transform.k;
    // The viewport in layout coordinates, widened by a node so marks half inside are drawn.
    const vx0 = -transform.x / k - NODE_W;
    const vy0 = -transform.y / k - NODE_H;
    const vx1 = (cssWidth - transform.x) / k + NODE_W;
    const vy1 = (height - transform.y) / k + NODE_H;
    const { x, y, edges, nodes, onCycle } = layout;
    const visible = (i: number) => x[i]! >= vx0 && x[i]! <= vx1 && y[i]! >= vy0 && y[i]! <= vy1;

    // Edges in four passes (one stroke style each), so the canvas state changes four times, not per edge.
    const passes = [
      { match: (e: (typeof edges)[number]) => !e.cycle && e.kind === 'parent', colour: '#555', width: 1, dash: [] as number[] },
      { match: (e: (typeof edges)[number]) => !e.cycle && e.kind === 'link' && e.causal, colour: LINK, width: 1.4, dash: [6, 4] },
      { match: (e: (typeof edges)[number]) => !e.cycle && e.kind === 'link' && !e.causal, colour: NEUTRAL, width: 1, dash: [2, 3] },
      { match: (e: (typeof edges)[number]) => e.cycle, colour: PROBLEM, width: 3, dash: [] as number[] },
    ];
    const half = NODE_W / 2;
    for (const pass of passes) {
      ctx.beginPath();
      ctx.strokeStyle = pass.colour;
      ctx.lineWidth = pass.width / Math.sqrt(k);
      ctx.setLineDash(pass.dash.map((d) => d / Math.sqrt(k)));
      for (const e of edges) {
        if (!pass.match(e)) continue;
        const s = e.source;
        const t = e.target;
        if (!visible(s) && !visible(t) && !crossesView(x[s]!, y[s]!, x[t]!, y[t]!, vx0, vy0, vx1, vy1)) continue;
        const sx = x[s]! + half;
        const sy = y[s]!;
        const tx = x[t]! - half;
        const ty = y[t]!;
        ctx.moveTo(sx, sy);
        if (s === t) {
          // A span linking to itself: a loop above the node.
          ctx.bezierCurveTo(sx + 40, sy - 50, tx - 40, ty - 50, tx, ty);
        } else {
          // Backward edges (cycles) bend out further so they do not hide behind the nodes they pass.
          const bend = tx > sx ? (tx - sx) / 2 : 60 + (sx - tx) / 4;
          ctx.bezierCurveTo(sx + bend, sy, tx - bend, ty, tx, ty);
        }
      }
      ctx.stroke();
    }
    ctx.setLineDash([]);

    const showLabels = k >= LABEL_ZOOM;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (let i = 0; i < nodes.length; i++) {
      if (!visible(i)) continue;
      const node = nodes[i]!;
      const left = x[i]! - half;
      const top = y[i]! - NODE_H / 2;
      ctx.beginPath();
      // Command spans square-cornered, network rounded: shape repeats the model colour.
      ctx.roundRect(left, top, NODE_W, NODE_H, node.model === 'network' ? NODE_H / 2 : node.model === 'command' ? 0 : 4);
      ctx.fillStyle = showLabels ? '#fff' : modelColour(node.model);
      ctx.fill();
      ctx.lineWidth = (onCycle[i] ? 3 : 1.5) / Math.sqrt(k);
      ctx.strokeStyle = onCycle[i] ? PROBLEM : modelColour(node.model);
      ctx.stroke();
      if (showLabels) {
        // A coloured stripe at the left edge keeps the model visible while the label is readable on white.
        ctx.fillStyle = modelColour(node.model);
        ctx.fillRect(left + (node.model === 'network' ? 6 : 0), top, 5, NODE_H);
        ctx.fillStyle = '#111';
        const text = `${node.agent}: ${spanLabel(node)}`;
        ctx.fillText(text.length > 23 ? `${text.slice(0, 22)}…` : text, left + 12, y[i]!);
        if (node.intent !== undefined) {
          // Messages carry a dot at the right: something that reached the customer.
          ctx.beginPath();
          ctx.arc(left + NODE_W - 7, y[i]!, 3.5, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
    }
    if (selected >= 0 && selected < nodes.length) {
      ctx.beginPath();
      ctx.roundRect(x[selected]! - half - 4, y[selected]! - NODE_H / 2 - 4, NODE_W + 8, NODE_H + 8, 6);
      ctx.lineWidth = 3 / Math.sqrt(k);
      ctx.strokeStyle = '#000';
      ctx.stroke();
    }
    ctx.restore();
  }

  function fitTransform(): ZoomTransform {
    if (!layout) return zoomIdentity;
    const { x0, y0, x1, y1 } = layout.bounds;
    const w = x1 - x0 + NODE_W + 40;
    const h = y1 - y0 + NODE_H + 40;
    const fit = Math.min(1.2, Math.max(0.01, Math.min(cssWidth / w, height / h)));
    if (fit < MIN_OVERVIEW_ZOOM && height / h > MIN_OVERVIEW_ZOOM) {
      // Fitting the whole width would draw a hairline: fit the height instead and start at the first layer.
      const k = Math.min(1, height / h);
      return zoomIdentity.translate(20 + (k * NODE_W) / 2 - k * x0, height / 2 - (k * (y0 + y1)) / 2).scale(k);
    }
    return zoomIdentity.translate(cssWidth / 2 - (fit * (x0 + x1)) / 2, height / 2 - (fit * (y0 + y1)) / 2).scale(fit);
  }

  const chart = ((container: HTMLElement) => {
    const root = select(container);
    root.selectAll('canvas').remove();
    cssWidth = Math.max(320, container.clientWidth || 800);
    const ratio = window.devicePixelRatio || 1;
    const c = root
      .append('canvas')
      .attr('class', 'chain-canvas')
      .attr('width', Math.round(cssWidth * ratio))
      .attr('height', Math.round(height * ratio))
      .style('width', `${cssWidth}px`)
      .style('height', `${height}px`)
      .attr('tabindex', 0)
      .attr('role', 'img')
      .attr('aria-label', `Causal chain of ${layout?.nodes.length ?? 0} spans. Arrow keys move the selection; + and - zoom; 0 fits.`);
    canvas = c.node()!;
    zoomBehaviour = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.01, 4])
      .on('zoom', (event: { transform: ZoomTransform }) => {
        transform = event.transform;
        requestDraw();
      });
    c.call(zoomBehaviour).on('dblclick.zoom', null);
    c.call(zoomBehaviour.transform, fitTransform());
    c.on('click', (event: MouseEvent) => {
      if (!layout || !onSelect) return;
      const [px, py] = transform.invert([event.offsetX, event.offsetY]);
      const hit = nodeAt(layout, px, py, Math.max(NODE_W / 2, 10 / transform.k));
      if (hit >= 0) onSelect(hit);
    });
    c.on('keydown', (event: KeyboardEvent) => {
      if (!zoomBehaviour) return;
      const zoomKeys: Record<string, number> = { '+': 1.5, '=': 1.5, '-': 1 / 1.5 };
      if (event.key in zoomKeys) c.call(zoomBehaviour.scaleBy, zoomKeys[event.key]!);
      else if (event.key === '0') c.call(zoomBehaviour.transform, fitTransform());
      else return;
      event.preventDefault();
    });
    draw();
  }) as ChainCanvas;

  chart.layout = accessor(chart, () => layout, (v) => (layout = v));
  chart.height = accessor(chart, () => height, (v) => (height = v));
  chart.selected = accessor(chart, () => selected, (v) => (selected = v));
  chart.onSelect = accessor(chart, () => onSelect, (v) => (onSelect = v));
  chart.redraw = requestDraw;
  chart.centreOn = (index: number) => {
    if (!canvas || !zoomBehaviour || !layout || index < 0) return;
    // Zoom in far enough to read labels, never out.
    const k = Math.max(transform.k, 0.9);
    const target = zoomIdentity.translate(cssWidth / 2 - k * layout.x[index]!, height / 2 - k * layout.y[index]!).scale(k);
    select(canvas).transition().duration(350).call(zoomBehaviour.transform, target);
  };
  return chart;
}

/** Whether the segment's bounding box overlaps the viewport (cheap, conservative test for long edges). */
function crossesView(ax: number, ay: number, bx: number, by: number, x0: number, y0: number, x1: number, y1: number): boolean {
  return Math.max(ax, bx) >= x0 && Math.min(ax, bx) <= x1 && Math.max(ay, by) >= y0 && Math.min(ay, by) <= y1;
}
