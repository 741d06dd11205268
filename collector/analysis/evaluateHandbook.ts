import type { Handbook } from '../../schemas/handbook.js';
import type { BusinessSpan } from './BusinessSpan.js';
import { customersIn, scopeManyByCustomer } from './customerScope.js';
import { contradictionCandidate, contradictionViolations } from './evaluateContradiction.js';
import { frequencyViolations } from './evaluateFrequency.js';
import { sequenceViolations } from './evaluateSequence.js';
import { compileMatcher, type SpanPredicate } from './matchSpan.js';
import type { Violation } from './Violation.js';

/** Options of {@link evaluateHandbook}. */
export interface EvaluateHandbookOptions {
  /** Only report violations anchored at or after this time (the span set may include a look-back for windows). */
  fromMs?: number;
  /** Only report violations anchored before this time. */
  toMs?: number;
}

/**
 * Finds every violation of the protocol handbook in a span set (CONTRACT §2), after the fact. Rules are per customer;
 * spans without a customer count for every customer that has spans in the set. Protocol decision spans
 * (`flexix.protocol.decision`) are not evaluated: they are the guard's verdict, not an action. One pass over the spans picks every
 * rule's candidates, each customer's candidates are sorted, then each rule is a linear sweep per customer (O(n log n) overall; a span repeated in
 * the input counts once); see `evaluateContradiction.ts` for how contradiction pairs are
 * formed. Ordered by rule (handbook order), customer, then time.
 *
 * A violation whose window starts before the set does not show: pass spans from `fromMs - longest window` and
 * `fromMs`, so windows crossing the range start are judged on complete data while only in-range violations are reported.
 */
export function evaluateHandbook(handbook: Handbook, spans: readonly BusinessSpan[], options: EvaluateHandbookOptions = {}): Violation[] {
  const from = options.fromMs ?? -Infinity;
  const to = options.toMs ?? Infinity;
  // One pass over the spans picks every rule's candidates (contradiction: a or b; frequency: match; sequence: first,
  // then) and splits them by customer.
  const predicates: SpanPredicate[] = [];
  const slots = handbook.rules.map((rule) => {
    const slot = predicates.length;
    if (rule.kind === 'contradiction') predicates.push(contradictionCandidate(rule));
    else if (rule.kind === 'frequency') predicates.push(compileMatcher(rule.match));
    else predicates.push(compileMatcher(rule.first), compileMatcher(rule.then));
    return slot;
  });
  const scoped = scopeManyByCustomer(spans, predicates);
  // Every customer with spans in the set: only needed (and only computed, a pass over all spans) when some violation
  // is made of global spans alone and must be reported for each customer.
  let allCustomers: string[] | undefined;
  const customers = (): string[] => (allCustomers ??= customersIn(spans));
  const out: Violation[] = [];
  handbook.rules.forEach((rule, r) => {
    const slot = slots[r]!;
    let found: Violation[];
    switch (rule.kind) {
      case 'contradiction':
        found = contradictionViolations(rule, scoped[slot]!, customers);
        break;
      case 'frequency':
        found = frequencyViolations(rule, scoped[slot]!, customers);
        break;
      case 'sequence':
        found = sequenceViolations(rule, scoped[slot]!, scoped[slot + 1]!, customers);
        break;
    }
    found.sort((x, y) => (x.customerId < y.customerId ? -1 : x.customerId > y.customerId ? 1 : x.atMs - y.atMs));
    for (const v of found) if (v.atMs >= from && v.atMs < to) out.push(v);
  });
  return out;
}
