/**
 * Entry point: the header (navigation, time-range picker) and the router. The URL hash is the state; on every hash
 * change the current view is mounted afresh with a new abort signal, which cancels the previous view's requests.
 */
import { select } from 'd3';
import { createApiClient } from './api.js';
import { formatRoute, parseRoute, routeToView, VIEWS, type RouteState } from './model/route.js';
import { resolveTimeRange } from './model/timeRange.js';
import { renderRangePicker } from './rangePicker.js';
import { VIEW_MOUNTS } from './views/index.js';
import { errorMessage } from './views/page.js';

const viewRoot = document.getElementById('view')!;
const nav = document.getElementById('nav')!;
const rangeForm = document.getElementById('range-picker') as HTMLFormElement;
let current: AbortController | undefined;
let previousView: string | undefined;

function navigate(state: RouteState): void {
  const hash = formatRoute(state);
  if (hash === location.hash) void mount();
  else location.hash = hash;
}

function replace(state: RouteState): void {
  history.replaceState(null, '', formatRoute(state));
}

function renderNav(route: RouteState): void {
  select(nav)
    .selectAll('li')
    .data(VIEWS)
    .join('li')
    .selectAll('a')
    .data((v) => [v])
    .join('a')
    .attr('href', (v) => formatRoute(routeToView(route, v.name, v.name === route.view ? routeParams(route) : {})))
    .attr('aria-current', (v) => (v.name === route.view ? 'page' : null))
    .text((v) => v.label);
}

/** The view's own keys, so its nav link keeps them. */
function routeParams(route: RouteState): Omit<RouteState, 'view'> {
  const { view: _view, ...rest } = route;
  return rest;
}

async function mount(): Promise<void> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const route = parseRoute(location.hash);
  const nowMs = Date.now();
  const range = resolveTimeRange(route, nowMs);
  renderNav(route);
  renderRangePicker(rangeForm, route, range, navigate);
  document.title = `${VIEWS.find((v) => v.name === route.view)!.label} · Flexix`;
  viewRoot.removeAttribute('data-chain-ready');
  try {
    await VIEW_MOUNTS[route.view](viewRoot, {
      route,
      range,
      nowMs,
      api: createApiClient({ signal: controller.signal }),
      signal: controller.signal,
      navigate,
      replace,
    });
  } catch (err) {
    if (controller.signal.aborted) return;
    // A view failing outside its own loading states still leaves a readable page.
    select(viewRoot).attr('data-state', 'error').append('p').attr('class', 'status status-error').attr('role', 'alert').text(errorMessage(err));
  }
  // Moving focus to the new view helps keyboard and screen-reader users after switching views, not on every filter.
  if (previousView !== undefined && previousView !== route.view) viewRoot.focus({ preventScroll: true });
  previousView = route.view;
}

window.addEventListener('hashchange', () => void mount());
void mount();
