import { parseDurationMs, type FrequencyRule } from '../../schemas/handbook.js';
import type { BusinessSpan } from './BusinessSpan.js';
import { scopeByCustomer, withNearbyGlobals, type ScopedSpans } from './customerScope.js';
import { compileMatcher } from './matchSpan.js';
import { toIso } from './spanRef.js';
import { violationSpan, type Violation } from './Violation.js';

interface Excess {
  anchor: BusinessSpan;
  /** The anchor and the `max` spans before it in its window. */
  shown: BusinessSpan[];
  windowCount: number;
}

/**
 * Sliding window (two pointers) over a time-sorted list: the window ending at a span holds every matching span at
 * most `within` before it (inclusive). A span whose window holds more than `max` spans is past `max`: one violation.
 * With `requireOwn`, windows made only of global spans are skipped (they are reported once for all customers).
 */
function findExcess(list: readonly BusinessSpan[], max: number, withinMs: number, requireOwn: boolean): Excess[] {
  const out: Excess[] = [];
  let left = 0;
  let ownInWindow = 0;
  for (let i = 0; i < list.length; i++) {
    const x = list[i]!;
    while (x.startMs - list[left]!.startMs > withinMs) {
      if (list[left]!.customerId !== undefined) ownInWindow--;
      left++;
    }
    if (x.customerId !== undefined) ownInWindow++;
    const count = i - left + 1;
    if (count <= max || (requireOwn && ownInWindow === 0)) continue;
    // Listing the whole window would make a runaway quadratic; the anchor and the `max` before it explain it.
    out.push({ anchor: x, shown: list.slice(Math.max(left, i - max), i + 1), windowCount: count });
  }
  return out;
}

function toViolation(rule: FrequencyRule, customerId: string, e: Excess): Violation {
  return {
    rule: rule.id,
    kind: 'frequency',
    customerId,
    spans: e.shown.map((s) => violationSpan(s, 'match')),
    at: toIso(e.anchor.startMs),
    atMs: e.anchor.startMs,
    windowCount: e.windowCount,
  };
}

/**
 * Every violation of one frequency rule (CONTRACT §2): per customer, each matching span that is past `max` within a
 * `within` window ending at it is one violation. `spans` in any order; `customers` as for
 * contradictions.
 */
export function evaluateFrequency(rule: FrequencyRule, spans: readonly BusinessSpan[], customers: readonly string[]): Violation[] {
  return frequencyViolations(rule, scopeByCustomer(spans, compileMatcher(rule.match)), () => customers);
}

/** {@link evaluateFrequency} on matching spans already split by customer; `customers` as for contradictions. */
export function frequencyViolations(rule: FrequencyRule, scoped: ScopedSpans, customers: () => readonly string[]): Violation[] {
  const withinMs = parseDurationMs(rule.within);
  const globalExcess = findExcess(scoped.global, rule.max, withinMs, false);
  const out: Violation[] = [];
  for (const [customerId, own] of scoped.own) {
    const claimed = new Set<BusinessSpan>();
    for (const e of findExcess(withNearbyGlobals(own, scoped.global, withinMs), rule.max, withinMs, true)) {
      if (e.anchor.customerId === undefined) claimed.add(e.anchor);
      out.push(toViolation(rule, customerId, e));
    }
    for (const e of globalExcess) if (!claimed.has(e.anchor)) out.push(toViolation(rule, customerId, e));
  }
  if (globalExcess.length > 0)
    for (const customerId of customers())
      if (!scoped.own.has(customerId)) for (const e of globalExcess) out.push(toViolation(rule, customerId, e));
  return out;
}
