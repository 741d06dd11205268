import { parseDurationMs, type ContradictionRule } from '../../schemas/handbook.js';
import type { BusinessSpan } from './BusinessSpan.js';
import { globalsBySubject, scopeByCustomer, withNearbyGlobals, withNearbySameSubjectGlobals, type ScopedSpans } from './customerScope.js';
import { compileMatcher, type SpanPredicate } from './matchSpan.js';
import { compareSpans, toIso } from './spanRef.js';
import { violationSpan, type Violation } from './Violation.js';

/**
 * Contradiction rules (CONTRACT §2).
 *
 * **Pairing rule.** A violation is anchored on the *later* span of a contradicting pair: every span that has, earlier
 * for the same customer (and the same subject with `sameSubject`), a span of the other side at most `within` before it
 * (inclusive) is one violation, paired with the nearest such earlier span. With `order: 'a-then-b'` only `b` spans
 * are anchors (paired with the latest `a` before them), with `'b-then-a'` only `a` spans; without an order both are.
 * So the count reads as "messages that contradicted something the customer had already been told or that had
 * already happened": upgrade, upgrade, apology → 1; upgrade, apology, upgrade → 2. Spans at the same instant count
 * as "earlier" for a directed rule (their order is unknowable); for an undirected rule the total span order decides, so
 * one pair is never counted twice.
 */

interface Pair {
  anchor: BusinessSpan;
  partner: BusinessSpan;
  anchorRole: 'a' | 'b';
}

function findPairs(list: readonly BusinessSpan[], rule: ContradictionRule, isA: SpanPredicate, isB: SpanPredicate, withinMs: number): Pair[] {
  const keyOf = rule.sameSubject ? (s: BusinessSpan) => s.subject : () => '';
  const pairs: Pair[] = [];
  if (rule.order === undefined) {
    const lastA = new Map<string, BusinessSpan>();
    const lastB = new Map<string, BusinessSpan>();
    for (const x of list) {
      const key = keyOf(x);
      if (key === undefined) continue;
      const matchesA = isA(x);
      const matchesB = isB(x);
      let best: Pair | undefined;
      if (matchesB) {
        const p = lastA.get(key);
        if (p && x.startMs - p.startMs <= withinMs) best = { anchor: x, partner: p, anchorRole: 'b' };
      }
      if (matchesA) {
        const p = lastB.get(key);
        if (p && x.startMs - p.startMs <= withinMs && (!best || compareSpans(p, best.partner) > 0))
          best = { anchor: x, partner: p, anchorRole: 'a' };
      }
      if (best) pairs.push(best);
      if (matchesA) lastA.set(key, x);
      if (matchesB) lastB.set(key, x);
    }
    return pairs;
  }
  const isFirst = rule.order === 'a-then-b' ? isA : isB;
  const isSecond = rule.order === 'a-then-b' ? isB : isA;
  const anchorRole = rule.order === 'a-then-b' ? 'b' : 'a';
  // The two latest `first` spans per key, so a span matching both sides is never its own partner.
  const latest = new Map<string, [BusinessSpan, BusinessSpan | undefined]>();
  for (let i = 0; i < list.length; ) {
    let j = i;
    while (j < list.length && list[j]!.startMs === list[i]!.startMs) j++;
    // Within one instant, record every `first` before judging any `second`: equal times count as earlier.
    for (let k = i; k < j; k++) {
      const x = list[k]!;
      const key = keyOf(x);
      if (key === undefined || !isFirst(x)) continue;
      const slots = latest.get(key);
      latest.set(key, [x, slots?.[0]]);
    }
    for (let k = i; k < j; k++) {
      const x = list[k]!;
      const key = keyOf(x);
      if (key === undefined || !isSecond(x)) continue;
      const slots = latest.get(key);
      const p = slots?.[0] === x ? slots[1] : slots?.[0];
      if (p && x.startMs - p.startMs <= withinMs) pairs.push({ anchor: x, partner: p, anchorRole });
    }
    i = j;
  }
  return pairs;
}

function toViolation(rule: ContradictionRule, customerId: string, pair: Pair): Violation {
  const v: Violation = {
    rule: rule.id,
    kind: 'contradiction',
    customerId,
    spans: [violationSpan(pair.partner, pair.anchorRole === 'a' ? 'b' : 'a'), violationSpan(pair.anchor, pair.anchorRole)],
    at: toIso(pair.anchor.startMs),
    atMs: pair.anchor.startMs,
  };
  if (rule.sameSubject && pair.anchor.subject !== undefined) v.subject = pair.anchor.subject;
  return v;
}

/**
 * Every violation of one contradiction rule. `spans` is the span set (any order); `customers` are
 * all customers with spans in the set (the ones a global event counts for).
 */
export function evaluateContradiction(rule: ContradictionRule, spans: readonly BusinessSpan[], customers: readonly string[]): Violation[] {
  return contradictionViolations(rule, scopeByCustomer(spans, contradictionCandidate(rule)), () => customers);
}

/** The spans a contradiction rule looks at: those matching either side. */
export function contradictionCandidate(rule: ContradictionRule): SpanPredicate {
  const isA = compileMatcher(rule.a);
  const isB = compileMatcher(rule.b);
  return (s) => isA(s) || isB(s);
}

/**
 * {@link evaluateContradiction} on candidates already split by customer (see `scopeManyByCustomer`). `customers` is
 * only called when a pair made of two global spans must be reported for every customer (it may cost a pass).
 */
export function contradictionViolations(rule: ContradictionRule, scoped: ScopedSpans, customers: () => readonly string[]): Violation[] {
  const withinMs = parseDurationMs(rule.within);
  const isA = compileMatcher(rule.a);
  const isB = compileMatcher(rule.b);
  // Pairs made of two global spans are the same for every customer: found once.
  const globalPairs = findPairs(scoped.global, rule, isA, isB, withinMs);
  const bySubject = rule.sameSubject ? globalsBySubject(scoped.global) : undefined;
  const out: Violation[] = [];
  for (const [customerId, own] of scoped.own) {
    const claimed = new Set<BusinessSpan>();
    const list = bySubject ? withNearbySameSubjectGlobals(own, bySubject, withinMs) : withNearbyGlobals(own, scoped.global, withinMs);
    for (const pair of findPairs(list, rule, isA, isB, withinMs)) {
      const anchorGlobal = pair.anchor.customerId === undefined;
      if (anchorGlobal && pair.partner.customerId === undefined) continue;
      if (anchorGlobal) claimed.add(pair.anchor);
      out.push(toViolation(rule, customerId, pair));
    }
    for (const pair of globalPairs) if (!claimed.has(pair.anchor)) out.push(toViolation(rule, customerId, pair));
  }
  // Customers without candidates of their own only get the all-global pairs.
  if (globalPairs.length > 0)
    for (const customerId of customers())
      if (!scoped.own.has(customerId)) for (const pair of globalPairs) out.push(toViolation(rule, customerId, pair));
  return out;
}
