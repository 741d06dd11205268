import type { SequenceRule } from '../../schemas/handbook.js';
import type { BusinessSpan } from './BusinessSpan.js';
import { scopeByCustomer, type ScopedSpans } from './customerScope.js';
import { compileMatcher } from './matchSpan.js';
import { toIso } from './spanRef.js';
import { violationSpan, type Violation } from './Violation.js';

/** Start of the earliest span in a sorted list other than `except`, or +∞. */
function earliestOtherThan(sorted: readonly BusinessSpan[], except: BusinessSpan): number {
  const first = sorted[0];
  if (first === undefined) return Infinity;
  if (first !== except) return first.startMs;
  return sorted[1]?.startMs ?? Infinity;
}

function toViolation(rule: SequenceRule, customerId: string, then: BusinessSpan): Violation {
  return { rule: rule.id, kind: 'sequence', customerId, spans: [violationSpan(then, 'then')], at: toIso(then.startMs), atMs: then.startMs };
}

/**
 * Every violation of one sequence rule (CONTRACT §2): a span matching `then` with no span matching `first` at or
 * before it for that customer (global `first` spans count for everyone; a global `then` span is checked for every
 * customer). The data window matters: a `first` before the fetched range is unknown, so callers fetch from the start
 * of the customer's history when they need certainty.
 */
export function evaluateSequence(rule: SequenceRule, spans: readonly BusinessSpan[], customers: readonly string[]): Violation[] {
  return sequenceViolations(rule, scopeByCustomer(spans, compileMatcher(rule.first)), scopeByCustomer(spans, compileMatcher(rule.then)), () => customers);
}

/** {@link evaluateSequence} on the `first` and `then` spans already split by customer. */
export function sequenceViolations(rule: SequenceRule, firsts: ScopedSpans, thens: ScopedSpans, customers: () => readonly string[]): Violation[] {
  const out: Violation[] = [];
  const judge = (customerId: string, ownFirsts: readonly BusinessSpan[], ownThens: readonly BusinessSpan[]): void => {
    for (const then of ownThens) {
      const earliest = Math.min(earliestOtherThan(ownFirsts, then), earliestOtherThan(firsts.global, then));
      if (earliest > then.startMs) out.push(toViolation(rule, customerId, then));
    }
    for (const then of thens.global) {
      const earliest = Math.min(earliestOtherThan(ownFirsts, then), earliestOtherThan(firsts.global, then));
      // Sorted: once a global `then` has a `first` before it, every later one does too.
      if (earliest <= then.startMs) break;
      out.push(toViolation(rule, customerId, then));
    }
  };
  for (const [customerId, ownThens] of thens.own) judge(customerId, firsts.own.get(customerId) ?? [], ownThens);
  // A global `then` concerns every customer, including those with no `then` of their own.
  const firstGlobalThen = thens.global[0];
  if (firstGlobalThen !== undefined && earliestOtherThan(firsts.global, firstGlobalThen) > firstGlobalThen.startMs)
    for (const customerId of customers()) if (!thens.own.has(customerId)) judge(customerId, firsts.own.get(customerId) ?? [], []);
  return out;
}
