/** An HTML legend: a swatch (symbol in its colour, or a line style) and a label per entry. */
import { select } from 'd3';
import { symbolPath } from './marks.js';
import type { SymbolType } from 'd3';

/** One legend entry. */
export interface LegendEntry {
  label: string;
  colour: string;
  symbol?: SymbolType;
  /** A stroke dash array: the entry is a line (edge style) instead of a symbol. */
  dash?: string;
  /** Line width for line entries. */
  lineWidth?: number;
}

/** Appends a legend to the container. */
export function renderLegend(container: HTMLElement, entries: readonly LegendEntry[], label = 'Legend'): void {
  const list = select(container).append('ul').attr('class', 'legend').attr('aria-label', label);
  const item = list.selectAll('li').data(entries).join('li');
  const svg = item.append('svg').attr('width', 26).attr('height', 14).attr('aria-hidden', 'true');
  svg.each(function (d) {
    const s = select(this);
    if (d.symbol) s.append('path').attr('transform', 'translate(13,7)').attr('d', symbolPath(d.symbol, 60)).attr('fill', d.colour);
    else
      s.append('line')
        .attr('x1', 1)
        .attr('x2', 25)
        .attr('y1', 7)
        .attr('y2', 7)
        .attr('stroke', d.colour)
        .attr('stroke-width', d.lineWidth ?? 2)
        .attr('stroke-dasharray', d.dash ?? null);
  });
  item.append('span').text((d) => d.label);
}
