/** OTLP/JSON action spans for loop tests: one span per step, each linked to the step before it (a causal chain). */
import { jsonSpan, randomHex } from '../support/otlpRequests.js';

/** One action step of an agent for a customer. */
export interface StepSpec {
  agent: string;
  customerId: string;
  atMs: number;
  event?: string;
  /** Command journey step (the span is then a command `step` span of journey `agent`). */
  journeyStep?: string;
  /** The step this one reacts to (a span link). */
  after?: StepRef;
}

/** Ids of a recorded step span. */
export interface StepRef {
  traceId: string;
  spanId: string;
}

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** Builds the span of one step and its ids. */
export function stepSpan(step: StepSpec): { span: Record<string, unknown>; ref: StepRef } {
  const ref = { traceId: randomHex(16), spanId: randomHex(8) };
  const start = BigInt(Math.round(step.atMs)) * 1_000_000n;
  const attributes = step.journeyStep
    ? [str('flexix.model', 'command'), str('flexix.journey.id', step.agent), str('flexix.journey.step', step.journeyStep), str('flexix.phase', 'step')]
    : [str('flexix.model', 'network'), str('flexix.agent', step.agent), str('flexix.phase', 'act')];
  attributes.push(str('flexix.customer.id', step.customerId), str('flexix.event', step.event ?? `${step.agent}.acted`));
  const span = jsonSpan({
    ...ref,
    name: `${step.agent} act`,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + 5_000_000n),
    attributes,
    links: step.after ? [{ traceId: step.after.traceId, spanId: step.after.spanId }] : [],
  });
  return { span, ref };
}

/**
 * The steps of `iterations` turns of the cycle `agents` for one customer, `stepMs` apart from `startMs`, each
 * linked to the previous one.
 */
export function cycleSteps(agents: readonly string[], customerId: string, iterations: number, startMs: number, stepMs: number, after?: StepRef) {
  const spans: Array<Record<string, unknown>> = [];
  let previous = after;
  let atMs = startMs;
  for (let i = 0; i < iterations; i++) {
    for (const agent of agents) {
      const { span, ref } = stepSpan({ agent, customerId, atMs, after: previous });
      spans.push(span);
      previous = ref;
      atMs += stepMs;
    }
  }
  return { spans, last: previous, nextAtMs: atMs };
}
