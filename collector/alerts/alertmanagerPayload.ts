/**
 * Alertmanager v2 `POST /api/v2/alerts` bodies (a JSON array of postable alerts) for loop alerts, so any
 * Alertmanager, or a receiver speaking its API, can route, group and de-duplicate them by labels.
 */
import { FEEDBACK_LOOP_ALERT, type LoopAlertNotice } from './LoopAlertTracker.js';

/** One postable alert of the Alertmanager v2 API. */
export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL: string;
}

/** How a cycle of agents is written in labels and metrics: agents in cycle order joined by `>`. */
export function formatAgents(agents: readonly string[]): string {
  return agents.join('>');
}

/** Trace ids listed in an annotation; the UI has the rest. */
const ANNOTATED_TRACE_IDS = 5;

function iterationsPerMinute(notice: LoopAlertNotice): number {
  const { iterations, firstSeenMs, lastSeenMs } = notice.loop;
  const minutes = (lastSeenMs - firstSeenMs) / 60_000;
  return minutes > 0 ? Math.round((iterations / minutes) * 100) / 100 : iterations;
}

/** Builds the postable alert of one notice; `uiBaseUrl` is where the Flexix UI is served. */
export function toAlertmanagerAlert(notice: LoopAlertNotice, uiBaseUrl: string): AlertmanagerAlert {
  const { loop } = notice;
  const agents = formatAgents(loop.agents);
  const base = uiBaseUrl.replace(/\/+$/, '');
  const customerUrl = `${base}/#/customer?${new URLSearchParams({ customer: loop.customerId }).toString()}`;
  const rate = iterationsPerMinute(notice);
  const runaway = notice.alertname !== FEEDBACK_LOOP_ALERT;
  return {
    labels: {
      alertname: notice.alertname,
      agents,
      customer: loop.customerId,
      severity: runaway ? 'critical' : 'warning',
    },
    annotations: {
      summary: `${runaway ? 'Runaway feedback loop' : 'Feedback loop'} ${agents} for customer ${loop.customerId}`,
      description:
        `The cycle ${agents} repeated ${loop.iterations} times for customer ${loop.customerId} ` +
        `(${rate} iterations/min, ${loop.evidence} evidence) since ${new Date(loop.firstSeenMs).toISOString()}.`,
      iterations: String(loop.iterations),
      rate: `${rate} iterations/min`,
      evidence: loop.evidence,
      first_seen: new Date(loop.firstSeenMs).toISOString(),
      last_seen: new Date(loop.lastSeenMs).toISOString(),
      trace_ids: loop.traceIds.slice(0, ANNOTATED_TRACE_IDS).join(','),
      ui_url: customerUrl,
    },
    startsAt: new Date(notice.startsAtMs).toISOString(),
    endsAt: new Date(notice.endsAtMs).toISOString(),
    generatorURL: `${base}/#/loops`,
  };
}
