/** Small builders of API shapes for the view-model tests. */
import type { ChainNode } from '../../collector/analysis/buildCausalDag.js';
import type { Violation } from '../../collector/analysis/Violation.js';

const T0 = Date.UTC(2026, 10, 20, 9);

/** A chain node; `at` is minutes after a fixed start. */
export function node(spanId: string, agent: string, at: number, extra: Partial<ChainNode> = {}): ChainNode {
  const startMs = T0 + at * 60_000;
  return {
    traceId: 't1',
    spanId,
    parentSpanId: '',
    agent,
    model: 'network',
    name: `${agent}.act`,
    serviceName: agent,
    start: new Date(startMs).toISOString(),
    startMs,
    durationNs: 1000,
    customerId: 'c1',
    ...extra,
  };
}

/** A violation over spans of trace `t1` (by span id and agent). */
export function violation(rule: string, customerId: string, spans: Array<[string, string]>, at = 0, extra: Partial<Violation> = {}): Violation {
  const atMs = T0 + at * 60_000;
  return {
    rule,
    kind: 'contradiction',
    customerId,
    spans: spans.map(([spanId, agent], i) => ({ traceId: 't1', spanId, agent, start: new Date(atMs).toISOString(), role: i === 0 ? 'a' : 'b' })),
    at: new Date(atMs).toISOString(),
    atMs,
    ...extra,
  };
}
