/** Renders a {@link TableModel} as an HTML table; every cell through `.text()`, links as `<a>`. */
import { select } from 'd3';
import type { Cell, TableModel } from '../model/table.js';

/** Rows shown before a "Show all" button: a runaway customer has hundreds of messages. */
export const DEFAULT_VISIBLE_ROWS = 50;

/** Appends the table (with its caption) to the container; rows past `visibleRows` wait behind a "Show all" button. */
export function renderTable(container: HTMLElement, model: TableModel, visibleRows = DEFAULT_VISIBLE_ROWS): HTMLTableElement {
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
  const showRows = (rows: Cell[][]) =>
    body
      .selectAll('tr')
      .data(rows)
      .join('tr')
      .selectAll('td')
      .data((row) => row)
      .join('td')
      .attr('class', (c: Cell) => [c.numeric ? 'numeric' : '', c.tone ?? ''].join(' ').trim() || null)
      .each(function (c: Cell) {
        const td = select(this);
        td.selectAll('*').remove();
        if (c.href !== undefined) td.append('a').attr('href', c.href).text(c.text);
        else td.text(c.text);
      });
  showRows(model.rows.slice(0, visibleRows));
  if (model.rows.length > visibleRows) {
    const more = select(container)
      .append('button')
      .attr('type', 'button')
      .attr('class', 'show-all')
      .text(`Show all ${model.rows.length} rows`)
      .on('click', () => {
        showRows(model.rows);
        more.remove();
      });
  }
  return table.node()!;
}
