/** Prometheus metrics of the collector (`GET /metrics`). */
export {
  createFlexixMetrics,
  FlexixMetrics,
  type LoopsByAgents,
  type NotificationOutcome,
  type OtlpRequestOutcome,
  type StorageOperation,
} from './FlexixMetrics.js';
