/**
 * The URL hash is the UI's state: `#/<view>?customer=..&trace=..&span=..&week=..&range=..`. Every view reads it on
 * mount, so any screen can be bookmarked or shared and the back button works.
 */

/** The views of the UI, in navigation order. */
export const VIEWS = [
  { name: 'customer', label: 'Customer debugger' },
  { name: 'chain', label: 'Chain explorer' },
  { name: 'network', label: 'Network map' },
  { name: 'loops', label: 'Loops' },
  { name: 'conflicts', label: 'Conflicts' },
  { name: 'latency', label: 'Change latency' },
  { name: 'report', label: 'Weekly report' },
  { name: 'audit', label: 'Journey audit' },
] as const;

/** A view's name. */
export type ViewName = (typeof VIEWS)[number]['name'];

/** The state a URL holds. Absent keys take the view's defaults. */
export interface RouteState {
  view: ViewName;
  customer?: string;
  trace?: string;
  span?: string;
  week?: string;
  /** A preset such as `7d`, or `custom` with `from`/`to`. */
  range?: string;
  from?: string;
  to?: string;
  /** Orchestration model filter of the network map. */
  model?: string;
  /** Conflicts drill-down: a rule, or an agent pair `a|b`. */
  rule?: string;
  pair?: string;
}

/** Keys written to the URL, in a fixed order so equal states give equal URLs. */
const PARAM_KEYS = ['customer', 'trace', 'span', 'week', 'range', 'from', 'to', 'model', 'rule', 'pair'] as const;
type ParamKey = (typeof PARAM_KEYS)[number];

/** The view shown for an empty or unknown hash. */
export const DEFAULT_VIEW: ViewName = 'customer';

function isViewName(name: string): name is ViewName {
  return VIEWS.some((v) => v.name === name);
}

/** Parses a location hash (`#/chain?trace=..`); unknown views fall back to {@link DEFAULT_VIEW}. */
export function parseRoute(hash: string): RouteState {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const name = q === -1 ? body : body.slice(0, q);
  const params = new URLSearchParams(q === -1 ? '' : body.slice(q + 1));
  const state: RouteState = { view: isViewName(name) ? name : DEFAULT_VIEW };
  for (const key of PARAM_KEYS) {
    const value = params.get(key);
    if (value !== null && value !== '') state[key] = value;
  }
  return state;
}

/** Formats a state as a location hash, the inverse of {@link parseRoute}. */
export function formatRoute(state: RouteState): string {
  const params = new URLSearchParams();
  for (const key of PARAM_KEYS) {
    const value = state[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  const query = params.toString();
  return `#/${state.view}${query ? `?${query}` : ''}`;
}

/** The state after switching to another view: the time range travels along, view-specific keys are dropped. */
export function routeToView(state: RouteState, view: ViewName, extra: Partial<Omit<RouteState, 'view'>> = {}): RouteState {
  const next: RouteState = { view };
  const shared: ParamKey[] = ['range', 'from', 'to'];
  for (const key of shared) if (state[key] !== undefined) next[key] = state[key];
  return { ...next, ...extra };
}
