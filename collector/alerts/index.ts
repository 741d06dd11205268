/** Loop alerting (`--alert-webhook`, `--alert-interval`): incremental evaluation, alert state, Alertmanager delivery. */
export { startLoopAlerts, type LoopAlerts, type LoopAlertsOptions } from './startLoopAlerts.js';
export { LoopAlertEvaluator, type LoopAlertEvaluatorOptions } from './LoopAlertEvaluator.js';
export {
  FEEDBACK_LOOP_ALERT,
  LoopAlertTracker,
  RUNAWAY_LOOP_ALERT,
  type LoopAlertName,
  type LoopAlertNotice,
  type TrackedLoop,
} from './LoopAlertTracker.js';
export { toAlertmanagerAlert, formatAgents, type AlertmanagerAlert } from './alertmanagerPayload.js';
export { WebhookNotifier, DEFAULT_WEBHOOK_RETRY, type WebhookRetryOptions } from './WebhookNotifier.js';
