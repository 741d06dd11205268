/** Renders a {@link TableModel} as an HTML table; every cell through `.text()`, links as `<a>`. */
import { select } from 'd3';
import type { Cell, TableModel } from '../model/table.js';

/** Appends the table (with its caption) to the container. */
export function renderTable(container: HTMLElement, model: TableModel): HTMLTableElement {
  const table = select(container).append('table').attr('class', 'data-table');
  table.append('caption').text(model.caption);
  table
    .append('thead')
    .append('tr')
    .selectAll('th')
    .data(model.columns)
    .join('th')
    .attr('scope', 'col')
    .classed('numeric', (c) => c.numeric === true)
    .text((c) => c.label);
  const body = table.append('tbody');
  if (model.rows.length === 0) {
    body.append('tr').append('td').attr('colspan', model.columns.length).attr('class', 'empty-row').text(model.empty);
    return table.node()!;
  }
  body
    .selectAll('tr')
    .data(model.rows)
    .join('tr')
    .selectAll('td')
    .data((row) => row)
    .join('td')
    .attr('class', (c: Cell) => [c.numeric ? 'numeric' : '', c.tone ?? ''].join(' ').trim() || null)
    .each(function (c: Cell) {
      const td = select(this);
      if (c.href !== undefined) td.append('a').attr('href', c.href).text(c.text);
      else td.text(c.text);
    });
  return table.node()!;
}
