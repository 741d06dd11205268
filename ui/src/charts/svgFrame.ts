/** Shared SVG plumbing of the charts: a fresh responsive `<svg>` in a container, margins, and axis styling. */
import { select, type BaseType, type Selection } from 'd3';

/** Margins around a chart's plotting area. */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The plotting area of a chart. */
export interface Frame {
  svg: Selection<SVGSVGElement, unknown, null, undefined>;
  plot: Selection<SVGGElement, unknown, null, undefined>;
  innerWidth: number;
  innerHeight: number;
}

/** The width to draw at: the set one, else the container's, never less than `min` (narrow screens scroll). */
export function resolveWidth(container: HTMLElement, width: number, min = 320): number {
  return Math.max(min, width > 0 ? width : container.clientWidth || 800);
}

/** Replaces the container's content with an SVG of the given size; `label` names it for screen readers. */
export function createFrame(container: HTMLElement, width: number, height: number, margin: Margin, label: string): Frame {
  const root = select(container);
  root.selectAll('svg.chart').remove();
  const svg = root
    .append('svg')
    .attr('class', 'chart')
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', label);
  const plot = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
  return { svg, plot, innerWidth: Math.max(10, width - margin.left - margin.right), innerHeight: Math.max(10, height - margin.top - margin.bottom) };
}

/** Runs `action` on Enter or Space, so focusable SVG marks behave like buttons. */
export function onActivate<E extends SVGElement | HTMLElement, D, P extends BaseType>(selection: Selection<E, D, P, unknown>, action: (event: Event, d: D) => void): void {
  selection
    .attr('tabindex', 0)
    .attr('role', 'button')
    .on('click', (event: Event, d: D) => action(event, d))
    .on('keydown', (event: Event, d: D) => {
      if (event instanceof KeyboardEvent && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        action(event, d);
      }
    });
}

/** Truncates a label to `max` characters with an ellipsis (the full text stays in the mark's title). */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The rendered width of a text element (an estimate where the browser does not lay out SVG). */
export function textWidth(node: SVGTextElement): number {
  return typeof node.getComputedTextLength === 'function' ? node.getComputedTextLength() : (node.textContent ?? '').length * 7;
}
