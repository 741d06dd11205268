import { NO_ATTRIBUTES, type BusinessSpan } from '../analysis/BusinessSpan.js';

/** Distinct strings shared by compacted spans before interning stops (agents, phases, events: a small vocabulary). */
const MAX_INTERNED = 10_000;

/**
 * Drops what loop finding and the alert metrics never read of a span held for minutes in the loop-alert carry-over,
 * with its small-vocabulary values (agent, model, phase, event, intent, journey, rule) shared between spans. A span
 * decoded from a request owns a copy of every string; at tens of thousands of carried spans, those copies and the
 * unused fields are what the garbage collector keeps walking on the ingest path.
 */
export class LoopSpanCompactor {
  readonly #strings = new Map<string, string>();

  /**
   * Compacts `span` (a loop candidate just converted from a stored row, owned by the caller) in place and returns it:
   * no second object on the ingest path.
   */
  compact(span: BusinessSpan): BusinessSpan {
    const intern = this.#intern;
    span.name = '';
    span.serviceName = '';
    span.attributes = NO_ATTRIBUTES;
    for (const key of ['journeyVersion', 'channel', 'subject', 'outcome', 'changeModel', 'changeTarget', 'changeStage'] as const) span[key] = undefined;
    span.agent = intern(span.agent);
    span.phase = intern(span.phase);
    span.event = intern(span.event);
    span.intent = intern(span.intent);
    span.journeyId = intern(span.journeyId);
    span.journeyStep = intern(span.journeyStep);
    span.rule = intern(span.rule);
    return span;
  }

  readonly #intern = (value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const known = this.#strings.get(value);
    if (known !== undefined) return known;
    if (this.#strings.size < MAX_INTERNED) this.#strings.set(value, value);
    return value;
  };
}
