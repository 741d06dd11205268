import type { Handbook } from '../../schemas/handbook.js';
import type { BusinessSpan } from './BusinessSpan.js';
import { customersIn } from './customerScope.js';
import { evaluateContradiction } from './evaluateContradiction.js';
import { evaluateFrequency } from './evaluateFrequency.js';
import { evaluateSequence } from './evaluateSequence.js';
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
 * spans without a customer count for every customer that has spans in the set. Per rule: one pass to pick the matching
 * spans, a sort of each customer's matches, then a linear sweep per customer (O(n log n) overall; a span repeated in
 * the input counts once); see `evaluateContradiction.ts` for how contradiction pairs are
 * formed. Ordered by rule (handbook order), customer, then time.
 *
 * A violation whose window starts before the set does not show: pass spans from `fromMs - longest window` and
 * `fromMs`, so windows crossing the range start are judged on complete data while only in-range violations are reported.
 */
export function evaluateHandbook(handbook: Handbook, spans: readonly BusinessSpan[], options: EvaluateHandbookOptions = {}): Violation[] {
  const customers = customersIn(spans);
  const from = options.fromMs ?? -Infinity;
  const to = options.toMs ?? Infinity;
  const out: Violation[] = [];
  for (const rule of handbook.rules) {
    let found: Violation[];
    switch (rule.kind) {
      case 'contradiction':
        found = evaluateContradiction(rule, spans, customers);
        break;
      case 'frequency':
        found = evaluateFrequency(rule, spans, customers);
        break;
      case 'sequence':
        found = evaluateSequence(rule, spans, customers);
        break;
    }
    found.sort((x, y) => (x.customerId < y.customerId ? -1 : x.customerId > y.customerId ? 1 : x.atMs - y.atMs));
    for (const v of found) if (v.atMs >= from && v.atMs < to) out.push(v);
  }
  return out;
}
