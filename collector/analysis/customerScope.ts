import type { BusinessSpan } from './BusinessSpan.js';
import type { SpanPredicate } from './matchSpan.js';
import { compareSpans } from './spanRef.js';

/**
 * Rules are scoped to one customer, and a span without a customer (a global event such as `inventory.out_of_stock`
 * for a SKU) counts for every customer (CONTRACT §2). These helpers split a rule's candidate spans into per-customer
 * lists and one global list, all in time order, so each rule is one sort plus linear sweeps.
 */

/** The spans matching some predicate, split by customer. */
export interface ScopedSpans {
  /** Per customer, in {@link compareSpans} order. */
  own: Map<string, BusinessSpan[]>;
  /** Spans without a customer, in {@link compareSpans} order. */
  global: BusinessSpan[];
}

/** Sorts in {@link compareSpans} order and drops repeats of the same span (overlapping fetches return some twice). */
export function sortUnique(list: BusinessSpan[]): BusinessSpan[] {
  if (list.length < 2) return list;
  list.sort(compareSpans);
  let w = 1;
  for (let r = 1; r < list.length; r++) if (compareSpans(list[w - 1]!, list[r]!) !== 0) list[w++] = list[r]!;
  list.length = w;
  return list;
}

/**
 * Splits the spans matching `predicate` into per-customer lists and the global list, each sorted and without repeats.
 * Only the matching spans are sorted, in small per-customer lists, which is much cheaper than sorting the whole set.
 */
export function scopeByCustomer(spans: readonly BusinessSpan[], predicate: SpanPredicate): ScopedSpans {
  const own = new Map<string, BusinessSpan[]>();
  const global: BusinessSpan[] = [];
  for (const s of spans) {
    if (s.decision === 'deny' || !predicate(s)) continue; // see scopeManyByCustomer
    const customerId = s.customerId;
    if (customerId === undefined) {
      global.push(s);
      continue;
    }
    const list = own.get(customerId);
    if (list) list.push(s);
    else own.set(customerId, [s]);
  }
  for (const list of own.values()) sortUnique(list);
  sortUnique(global);
  return { own, global };
}

/**
 * {@link scopeByCustomer} for several predicates in one pass over the spans (a million spans are expensive to walk,
 * a predicate is not).
 */
export function scopeManyByCustomer(spans: readonly BusinessSpan[], predicates: readonly SpanPredicate[]): ScopedSpans[] {
  const scoped: ScopedSpans[] = predicates.map(() => ({ own: new Map(), global: [] }));
  const n = predicates.length;
  for (const s of spans) {
    // A denied action never happened: the message never reached the customer. An allowed action is stamped with
    // the guard's `allow` on its own span and counts like any other.
    if (s.decision === 'deny') continue;
    for (let p = 0; p < n; p++) {
      if (!predicates[p]!(s)) continue;
      const target = scoped[p]!;
      const customerId = s.customerId;
      if (customerId === undefined) {
        target.global.push(s);
        continue;
      }
      const list = target.own.get(customerId);
      if (list) list.push(s);
      else target.own.set(customerId, [s]);
    }
  }
  for (const { own, global } of scoped) {
    for (const list of own.values()) sortUnique(list);
    sortUnique(global);
  }
  return scoped;
}

/** Every customer with at least one span in the set, sorted: the customers a global event counts for. */
export function customersIn(spans: readonly BusinessSpan[]): string[] {
  const ids = new Set<string>();
  for (const s of spans) {
    const id = s.customerId;
    if (id !== undefined) ids.add(id);
  }
  return [...ids].sort();
}

/** Index of the first span starting at or after `ms` in a time-sorted list. */
export function lowerBound(sorted: readonly BusinessSpan[], ms: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.startMs < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index just past the last entry starting at or before `ms` in a time-sorted list (of spans, or steps). */
export function upperBound(sorted: ReadonlyArray<{ readonly startMs: number }>, ms: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.startMs <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Merges two lists sorted by {@link compareSpans} into one. */
export function mergeSorted(x: readonly BusinessSpan[], y: readonly BusinessSpan[]): BusinessSpan[] {
  if (y.length === 0) return [...x];
  if (x.length === 0) return [...y];
  const out: BusinessSpan[] = new Array<BusinessSpan>(x.length + y.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < x.length && j < y.length) out[k++] = compareSpans(x[i]!, y[j]!) <= 0 ? x[i++]! : y[j++]!;
  while (i < x.length) out[k++] = x[i++]!;
  while (j < y.length) out[k++] = y[j++]!;
  return out;
}

/**
 * A customer's own spans merged with the global spans that can interact with them: those within `reachMs` of the
 * customer's first and last span. Global spans further away can only interact with other global spans, which the
 * callers handle once for all customers instead of once per customer.
 */
export function withNearbyGlobals(own: readonly BusinessSpan[], global: readonly BusinessSpan[], reachMs: number): BusinessSpan[] {
  if (own.length === 0 || global.length === 0) return [...own];
  const from = lowerBound(global, own[0]!.startMs - reachMs);
  const to = upperBound(global, own[own.length - 1]!.startMs + reachMs);
  return mergeSorted(own, global.slice(from, to));
}

/** Global spans per subject, each list in {@link compareSpans} order (spans without a subject left out). */
export function globalsBySubject(global: readonly BusinessSpan[]): Map<string, BusinessSpan[]> {
  const bySubject = new Map<string, BusinessSpan[]>();
  for (const g of global) {
    if (g.subject === undefined) continue;
    const list = bySubject.get(g.subject);
    if (list) list.push(g);
    else bySubject.set(g.subject, [g]);
  }
  return bySubject;
}

/**
 * {@link withNearbyGlobals} for a rule that pairs only spans of the same subject: of the global spans near the
 * customer's, only those sharing a subject with one of the customer's own spans (`bySubject` from
 * {@link globalsBySubject}); the others can only pair with each other, which the callers handle once. With hundreds
 * of global events on many subjects, this keeps each customer's list to the few that matter.
 */
export function withNearbySameSubjectGlobals(
  own: readonly BusinessSpan[],
  bySubject: ReadonlyMap<string, readonly BusinessSpan[]>,
  reachMs: number,
): BusinessSpan[] {
  if (own.length === 0 || bySubject.size === 0) return [...own];
  const from = own[0]!.startMs - reachMs;
  const to = own[own.length - 1]!.startMs + reachMs;
  const subjects = new Set<string>();
  let nearby: BusinessSpan[] = [];
  for (const s of own) {
    const subject = s.subject;
    if (subject === undefined || subjects.has(subject)) continue;
    subjects.add(subject);
    const list = bySubject.get(subject);
    if (list) nearby = mergeSorted(nearby, list.slice(lowerBound(list, from), upperBound(list, to)));
  }
  return mergeSorted(own, nearby);
}
