/** Every view by route name. */
import type { ViewName } from '../model/route.js';
import { mountAuditView } from './auditView.js';
import { mountChainView } from './chainView.js';
import { mountConflictsView } from './conflictsView.js';
import { mountCustomerView } from './customerView.js';
import { mountLatencyView } from './latencyView.js';
import { mountLoopsView } from './loopsView.js';
import { mountNetworkView } from './networkView.js';
import { mountReportView } from './reportView.js';
import type { MountView } from './ViewContext.js';

/** The mount function of each view. */
export const VIEW_MOUNTS: Record<ViewName, MountView> = {
  customer: mountCustomerView,
  chain: mountChainView,
  network: mountNetworkView,
  loops: mountLoopsView,
  conflicts: mountConflictsView,
  latency: mountLatencyView,
  report: mountReportView,
  audit: mountAuditView,
};
