/** What every view receives when mounted: the route, the resolved time range, an API client and navigation. */
import type { ApiClient } from '../api.js';
import type { RouteState } from '../model/route.js';
import type { TimeRange } from '../model/timeRange.js';

/** The context of one mounted view. */
export interface ViewContext {
  route: RouteState;
  range: TimeRange;
  /** Requests of this client are cancelled when the view is left. */
  api: ApiClient;
  /** Wall-clock time of the mount (the range was resolved against it). */
  nowMs: number;
  /** Aborted when the view is left; long work checks it before touching the DOM. */
  signal: AbortSignal;
  /** Goes to a new state: a history entry, and the view is mounted again. */
  navigate(state: RouteState): void;
  /** Records view-local state (a selection) in the URL without mounting again. */
  replace(state: RouteState): void;
}

/** Mounts a view into `root`. */
export type MountView = (root: HTMLElement, ctx: ViewContext) => void | Promise<void>;
