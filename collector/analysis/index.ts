/**
 * The pure analysis layer: graph and rule logic over already fetched spans, shared by the query API and the alert
 * evaluator. No I/O, no clock: every time is passed in.
 */
export { createBusinessSpan, NO_LINKS, type BusinessSpan, type BusinessSpanCore, type BusinessSpanLink } from './BusinessSpan.js';
export { toBusinessSpan } from './toBusinessSpan.js';
export { compareSpans, displayAgent, spanKey, toIso, toSpanRef, type SpanRef } from './spanRef.js';
export { median, nearestRankQuantile, nearestRankQuantileSorted } from './quantile.js';
export { compileMatcher, type SpanPredicate } from './matchSpan.js';
export { SpanIndex, isCausalLink } from './SpanIndex.js';
export {
  actingAgent,
  actorOf,
  collectCustomerSteps,
  groupActionSpansByCustomer,
  isActionSpan,
  isLoopCandidate,
  isCommandSpan,
  type ActionStep,
  type CustomerGroups,
  type CustomerSteps,
} from './actionSteps.js';
export { TraceLinkGraph, DEFAULT_MAX_CAUSAL_HOPS } from './TraceLinkGraph.js';
export { customersIn, scopeByCustomer, scopeManyByCustomer, type ScopedSpans } from './customerScope.js';
export * from './buildCausalDag.js';
export * from './chainFrontier.js';
export * from './buildDirectlyFollowsGraph.js';
export type { Violation, ViolationRole, ViolationSpan } from './Violation.js';
export { evaluateHandbook, type EvaluateHandbookOptions } from './evaluateHandbook.js';
export { contradictionCandidate, contradictionViolations, evaluateContradiction } from './evaluateContradiction.js';
export { evaluateFrequency, frequencyViolations } from './evaluateFrequency.js';
export { evaluateSequence, sequenceViolations } from './evaluateSequence.js';
export * from './findFeedbackLoops.js';
export * from './computeChangeLatency.js';
export * from './computeReactionLatency.js';
export * from './isoWeek.js';
export * from './weekOverWeek.js';
export * from './buildWeeklyReport.js';
export { renderWeeklyReportMarkdown } from './renderWeeklyReportMarkdown.js';
export { formatDuration } from './formatDuration.js';
export * from './auditJourneys.js';
