/**
 * Alert state per loop (cycle of agents + customer): pending → firing → resolved, de-duplicated, as pure logic over
 * loop observations and the current time, so it is tested without a clock, a store or a receiver.
 *
 * - **pending**: the cycle has completed one iteration fewer than a loop needs; nothing is sent.
 * - **firing**: `FlexixFeedbackLoop` once the loop has `minIterations`; `FlexixRunawayLoop` as well once it reaches
 *   `runawayIterations` (two alerts, as Prometheus rules of two severities would give: Alertmanager inhibition can
 *   silence the warning while the critical one fires). Each alert is sent once when it starts, then re-sent every
 *   `resendIntervalMs` with its `endsAt` pushed ahead, as Prometheus does, so Alertmanager does not time it out.
 * - **resolved**: no step for `maxStepGapMs` after the loop's last step, so by CONTRACT §1 the next step could no
 *   longer continue the loop. Resolved alerts are sent once with `endsAt`; the loop's state is then forgotten, and a
 *   later burst is a new alert.
 */
import type { CustomerFeedbackLoop, LoopEvidence } from '../analysis/findFeedbackLoops.js';

/** Alert names (label `alertname`). */
export const FEEDBACK_LOOP_ALERT = 'FlexixFeedbackLoop';
export const RUNAWAY_LOOP_ALERT = 'FlexixRunawayLoop';
/** The alert names, least severe first. */
export type LoopAlertName = typeof FEEDBACK_LOOP_ALERT | typeof RUNAWAY_LOOP_ALERT;

/** A loop as the tracker knows it: the latest facts of one (agents, customer). */
export interface TrackedLoop {
  /** The cycle in order, starting at its smallest agent id. */
  agents: string[];
  customerId: string;
  /** Most iterations seen in the current burst. */
  iterations: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** `causal` once any observation of the burst was causal. */
  evidence: LoopEvidence;
  traceIds: string[];
  /** `pending` below `minIterations`, `firing` from there on. */
  status: 'pending' | 'firing';
}

/** One notification to send: an alert starting, still firing (re-sent), or resolved. */
export interface LoopAlertNotice {
  alertname: LoopAlertName;
  status: 'firing' | 'resolved';
  loop: TrackedLoop;
  startsAtMs: number;
  /** Resolved: when it ended. Firing: until when Alertmanager should consider it active without news. */
  endsAtMs: number;
  /** A firing alert sent before, sent again so that Alertmanager does not time it out. */
  resend: boolean;
}

/** Thresholds of a {@link LoopAlertTracker}. */
export interface LoopAlertTrackerOptions {
  minIterations: number;
  runawayIterations: number;
  maxStepGapMs: number;
  resendIntervalMs: number;
}

interface ActiveAlert {
  startsAtMs: number;
  lastSentMs: number;
}

interface LoopState {
  loop: TrackedLoop;
  alerts: Map<LoopAlertName, ActiveAlert>;
  /** Set when the latest evaluation brought news of this loop. */
  observed: boolean;
  /** Wall time of the latest evaluation with news: spans stamped in the past (a backfill) still count as activity. */
  activityMs: number;
}

/** Prometheus' rule: a firing alert stays valid for four resend intervals without news. */
const VALIDITY_RESENDS = 4;

/** Key of a loop's alert state: customer + cycle (the Alertmanager identity without the alert name). */
export function loopKey(customerId: string, agents: readonly string[]): string {
  return `${customerId}\u0000${agents.join('\u0000')}`;
}

/** See the module comment. */
export class LoopAlertTracker {
  readonly #states = new Map<string, LoopState>();

  constructor(private readonly options: LoopAlertTrackerOptions) {}

  /** Takes in loops found in the latest evaluation (the customers that had new activity). */
  observe(loops: readonly CustomerFeedbackLoop[]): void {
    for (const found of loops) {
      const key = loopKey(found.customerId, found.agents);
      const state = this.#states.get(key);
      if (!state) {
        this.#states.set(key, {
          loop: {
            agents: found.agents,
            customerId: found.customerId,
            iterations: found.iterations,
            firstSeenMs: found.firstSeenMs,
            lastSeenMs: found.lastSeenMs,
            evidence: found.evidence,
            traceIds: found.traceIds,
            status: 'pending',
          },
          alerts: new Map(),
          observed: true,
          activityMs: -Infinity,
        });
        continue;
      }
      state.observed = true;
      const loop = state.loop;
      // The carried-over spans may have been trimmed, so a later count can be lower: keep the largest.
      loop.iterations = Math.max(loop.iterations, found.iterations);
      loop.firstSeenMs = Math.min(loop.firstSeenMs, found.firstSeenMs);
      loop.lastSeenMs = Math.max(loop.lastSeenMs, found.lastSeenMs);
      if (found.evidence === 'causal') loop.evidence = 'causal';
      if (found.traceIds.length > loop.traceIds.length) loop.traceIds = found.traceIds;
    }
  }

  /** Moves every loop's state to time `nowMs` and returns the notifications that are due. */
  advance(nowMs: number): LoopAlertNotice[] {
    const { minIterations, runawayIterations, maxStepGapMs, resendIntervalMs } = this.options;
    const notices: LoopAlertNotice[] = [];
    for (const [key, state] of this.#states) {
      const { loop, alerts } = state;
      if (state.observed) state.activityMs = nowMs;
      state.observed = false;
      // Quiet for a step gap both in span time and in arrival time: a replayed loop fires before it resolves.
      if (nowMs - Math.max(loop.lastSeenMs, state.activityMs) >= maxStepGapMs) {
        for (const [alertname, alert] of alerts) notices.push({ alertname, status: 'resolved', loop, startsAtMs: alert.startsAtMs, endsAtMs: nowMs, resend: false });
        this.#states.delete(key);
        continue;
      }
      loop.status = loop.iterations >= minIterations ? 'firing' : 'pending';
      const due: LoopAlertName[] = [];
      if (loop.iterations >= minIterations) due.push(FEEDBACK_LOOP_ALERT);
      if (loop.iterations >= runawayIterations) due.push(RUNAWAY_LOOP_ALERT);
      for (const alertname of due) {
        const sent = alerts.get(alertname);
        if (sent && nowMs - sent.lastSentMs < resendIntervalMs) continue;
        // A new alert starts when its condition was met: at the loop's latest step (never in the future).
        const alert = sent ?? { startsAtMs: Math.min(loop.lastSeenMs, nowMs), lastSentMs: nowMs };
        alert.lastSentMs = nowMs;
        alerts.set(alertname, alert);
        const endsAtMs = nowMs + VALIDITY_RESENDS * resendIntervalMs;
        notices.push({ alertname, status: 'firing', loop, startsAtMs: alert.startsAtMs, endsAtMs, resend: sent !== undefined });
      }
    }
    return notices;
  }

  /** Loops currently tracked (pending and firing). */
  loops(): TrackedLoop[] {
    return [...this.#states.values()].map((s) => s.loop);
  }

  /** Number of alerts of `alertname` currently firing. */
  firingCount(alertname: LoopAlertName): number {
    let count = 0;
    for (const { alerts } of this.#states.values()) if (alerts.has(alertname)) count++;
    return count;
  }
}
