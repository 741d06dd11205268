import type { Handbook } from '../../schemas/handbook.js';
import type { BusinessSpan } from './BusinessSpan.js';
import { customersIn } from './customerScope.js';
import { evaluateContradiction } from './evaluateContradiction.js';
import { evaluateFrequency } from './evaluateFrequency.js';
import { evaluateSequence } from './evaluateSequence.js';
import { compareSpans } from './spanRef.js';
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
 * spans without a customer count for every customer that has spans in the set. One sort of the set, then per rule a
 * linear sweep per customer (O(n log n) overall); see `evaluateContradiction.ts` for how contradiction pairs are
 * formed. Ordered by rule (handbook order), customer, then time.
 *
 * A violation whose window starts before the set does not show: pass spans from `fromMs - longest window` and
 * `fromMs`, so windows crossing the range start are judged on complete data while only in-range violations are reported.
 */
export function evaluateHandbook(handbook: Handbook, spans: readonly BusinessSpan[], options: EvaluateHandbookOptions = {}): Violation[] {
  // Overlapping fetches can return a span twice; one copy must not look like two messages.
  const sorted = [...spans].sort(compareSpans).filter((s, i, all) => i === 0 || compareSpans(all[i - 1]!, s) !== 0);
  const customers = customersIn(sorted);
  const from = options.fromMs ?? -Infinity;
  const to = options.toMs ?? Infinity;
  const out: Violation[] = [];
  for (const rule of handbook.rules) {
    let found: Violation[];
    switch (rule.kind) {
      case 'contradiction':
        found = evaluateContradiction(rule, sorted, customers);
        break;
      case 'frequency':
        found = evaluateFrequency(rule, sorted, customers);
        break;
      case 'sequence':
        found = evaluateSequence(rule, sorted, customers);
        break;
    }
    found.sort((x, y) => (x.customerId < y.customerId ? -1 : x.customerId > y.customerId ? 1 : x.atMs - y.atMs));
    for (const v of found) if (v.atMs >= from && v.atMs < to) out.push(v);
  }
  return out;
}
