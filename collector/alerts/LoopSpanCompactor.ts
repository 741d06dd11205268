import { createBusinessSpan, NO_ATTRIBUTES, type BusinessSpan } from '../analysis/BusinessSpan.js';

/** Distinct strings shared by compacted spans before interning stops (agents, phases, events: a small vocabulary). */
const MAX_INTERNED = 10_000;

/**
 * Keeps only what loop finding and the alert metrics read of a span held for minutes in the loop-alert carry-over,
 * with its small-vocabulary values (agent, model, phase, event, intent, journey, rule) shared between spans. A span
 * decoded from a request owns a copy of every string; at tens of thousands of carried spans, those copies and the
 * unused fields are what the garbage collector keeps walking on the ingest path.
 */
export class LoopSpanCompactor {
  readonly #strings = new Map<string, string>();

  /** The compact copy of `span` (a loop candidate). */
  compact(span: BusinessSpan): BusinessSpan {
    const intern = this.#intern;
    return createBusinessSpan({
      traceId: span.traceId,
      spanId: span.spanId,
      parentSpanId: span.parentSpanId,
      name: '',
      serviceName: '',
      startMs: span.startMs,
      durationNs: span.durationNs,
      links: span.links,
      attributes: NO_ATTRIBUTES,
      customerId: span.customerId,
      agent: intern(span.agent),
      model: span.model,
      phase: intern(span.phase),
      event: intern(span.event),
      intent: intern(span.intent),
      journeyId: intern(span.journeyId),
      journeyStep: intern(span.journeyStep),
      rule: intern(span.rule),
      decision: span.decision,
      changeId: span.changeId,
      hop: span.hop,
    });
  }

  readonly #intern = (value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const known = this.#strings.get(value);
    if (known !== undefined) return known;
    if (this.#strings.size < MAX_INTERNED) this.#strings.set(value, value);
    return value;
  };
}
