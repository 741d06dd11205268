/**
 * The frame every view shares: a heading, an intro line, a status line (loading, empty, error; announced to screen
 * readers) and the content. `data-state` on the root tells tests and users' scripts when a view is ready.
 */
import { select } from 'd3';
import { ApiError } from '../api.js';

/** Where a view is in its life. */
export type ViewState = 'loading' | 'ready' | 'empty' | 'error';

/** The parts of a view page. */
export interface Page {
  root: HTMLElement;
  /** Controls above the content (forms, filters). */
  controls: HTMLElement;
  content: HTMLElement;
  setState(state: ViewState, message?: string): void;
}

/** Replaces the root's content with a page frame. */
export function createPage(root: HTMLElement, title: string, intro: string, viewName: string): Page {
  const r = select(root);
  r.selectAll('*').remove();
  r.attr('data-view', viewName);
  const header = r.append('div').attr('class', 'view-header');
  header.append('h1').text(title);
  header.append('p').attr('class', 'intro').text(intro);
  const controls = r.append('div').attr('class', 'controls').node()!;
  const status = r.append('p').attr('class', 'status').attr('role', 'status').attr('aria-live', 'polite');
  const content = r.append('div').attr('class', 'content').node()!;
  return {
    root,
    controls,
    content,
    setState(state, message) {
      r.attr('data-state', state);
      status.attr('class', `status status-${state}`).text(message ?? '');
      status.attr('hidden', state === 'ready' && !message ? '' : null);
    },
  };
}

/** A user-facing message for a failed load. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.status === 0 ? err.message : `The server refused: ${err.message} (HTTP ${err.status}).`;
  return `Something went wrong: ${err instanceof Error ? err.message : String(err)}`;
}

/** Whether the failure is only the view being left (its requests aborted): nothing to show. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/**
 * Loads data into a page: loading state, then `render` (or the empty message when `isEmpty`), or the error. Returns
 * the data, or undefined when it failed or the view was left.
 */
export async function loadInto<T>(
  page: Page,
  signal: AbortSignal,
  fetchData: () => Promise<T>,
  options: { loading: string; isEmpty: (data: T) => boolean; empty: string; render: (data: T) => void },
): Promise<T | undefined> {
  page.setState('loading', options.loading);
  try {
    const data = await fetchData();
    if (signal.aborted) return undefined;
    if (options.isEmpty(data)) {
      page.setState('empty', options.empty);
      return data;
    }
    options.render(data);
    page.setState('ready');
    return data;
  } catch (err) {
    if (isAbort(err) || signal.aborted) return undefined;
    page.setState('error', errorMessage(err));
    return undefined;
  }
}

/** Appends a section with a heading to a container; returns the section's body. */
export function section(container: HTMLElement, title: string, className = ''): HTMLElement {
  const s = select(container).append('section').attr('class', `panel ${className}`.trim());
  s.append('h2').text(title);
  return s.node()!;
}

/** Appends a row of KPI tiles. */
export function kpiTiles(container: HTMLElement, tiles: ReadonlyArray<{ label: string; value: string; note?: string; tone?: string }>): void {
  const tile = select(container)
    .append('dl')
    .attr('class', 'kpis')
    .selectAll('div')
    .data(tiles)
    .join('div')
    .attr('class', (t) => `kpi ${t.tone ?? ''}`.trim());
  tile.append('dt').text((t) => t.label);
  tile.append('dd').attr('class', 'kpi-value').text((t) => t.value);
  tile
    .filter((t) => t.note !== undefined)
    .append('dd')
    .attr('class', 'kpi-note')
    .text((t) => t.note!);
}
