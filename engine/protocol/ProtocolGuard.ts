import type { ContradictionRule, FrequencyRule, Handbook, Matcher, Rule, SequenceRule } from '../../schemas/handbook.js';
import { parseDurationMs } from '../../schemas/handbook.js';
import type { ActionFacts } from './ActionFacts.js';
import type { CustomerHistory } from './CustomerHistory.js';
import { LOOP_BREAKER_RULE, LoopBreaker, type LoopBreakerOptions } from './LoopBreaker.js';
import { matches } from './matches.js';

/** Rule id of a denial caused by the hop limit rather than a handbook rule. */
export const HOP_LIMIT_RULE = 'hop-limit';

/** The guard's answer for one action. */
export type GuardDecision = { decision: 'allow' } | { decision: 'deny'; rule: string };

const ALLOW: GuardDecision = { decision: 'allow' };

interface CompiledRule {
  rule: Rule;
  /** `within` in ms; Infinity for sequence rules, which look at all history. */
  windowMs: number;
}

/**
 * Enforces the protocol handbook before a governed action: the action is denied when, together with the customer's
 * history, it would break a rule (CONTRACT §2 semantics, evaluated with the action as the latest span). Also applies
 * the two circuit breakers that stop runaway loops: the per-chain hop limit and, when set, the per-customer
 * {@link LoopBreaker} on repeated cycles.
 */
export class ProtocolGuard {
  private rules: CompiledRule[] = [];
  private breaker: LoopBreaker | undefined;

  /**
   * @param history the customer history the rules are checked against
   * @param handbook the rules in force
   * @param hopLimit deepest hop an action may have; 0 turns the limit off
   */
  constructor(
    private readonly history: CustomerHistory,
    handbook: Handbook,
    private readonly hopLimit: number,
  ) {
    this.setHandbook(handbook);
  }

  /** Replaces the rules in force (e.g. when the council adopts a rule mid-run). */
  setHandbook(handbook: Handbook): void {
    this.rules = handbook.rules.map((rule) => ({
      rule,
      windowMs: rule.kind === 'sequence' ? Infinity : parseDurationMs(rule.within),
    }));
  }

  /** Turns the repeated-cycle breaker on with these limits, or off with `undefined` (its default). */
  setLoopBreaker(options: LoopBreakerOptions | undefined): void {
    this.breaker = options ? new LoopBreaker(options) : undefined;
  }

  /**
   * Decides whether an action at causal depth `hop` may go ahead. Called right before acting, so an allowed action is
   * counted as taken by the loop breaker.
   */
  check(action: ActionFacts, hop: number): GuardDecision {
    if (this.hopLimit > 0 && hop > this.hopLimit) return { decision: 'deny', rule: HOP_LIMIT_RULE };
    if (this.breaker?.trips(action, hop)) return { decision: 'deny', rule: LOOP_BREAKER_RULE };
    for (const { rule, windowMs } of this.rules) {
      if (this.breaks(rule, windowMs, action)) return { decision: 'deny', rule: rule.id };
    }
    this.breaker?.record(action, hop);
    return ALLOW;
  }

  private breaks(rule: Rule, windowMs: number, action: ActionFacts): boolean {
    switch (rule.kind) {
      case 'contradiction':
        return this.contradicts(rule, windowMs, action);
      case 'frequency':
        return this.exceedsFrequency(rule, windowMs, action);
      case 'sequence':
        return this.skipsSequence(rule, action);
    }
  }

  private contradicts(rule: ContradictionRule, windowMs: number, action: ActionFacts): boolean {
    // The action is the later span of the pair, so as `a` it completes b-then-a and as `b` it completes a-then-b.
    if (rule.order !== 'a-then-b' && matches(rule.a, action) && this.earlier(rule, rule.b, windowMs, action)) return true;
    return rule.order !== 'b-then-a' && matches(rule.b, action) && this.earlier(rule, rule.a, windowMs, action);
  }

  private earlier(rule: ContradictionRule, other: Matcher, windowMs: number, action: ActionFacts): boolean {
    const subject = rule.sameSubject ? (action.subject ?? '') : undefined;
    return this.history.count(action.customerId, action.at - windowMs, other, subject, 1) > 0;
  }

  private exceedsFrequency(rule: FrequencyRule, windowMs: number, action: ActionFacts): boolean {
    if (!matches(rule.match, action)) return false;
    // The action itself would be one more: it breaks the rule once `max` matching spans are already in the window.
    return rule.max === 0 || this.history.count(action.customerId, action.at - windowMs, rule.match, undefined, rule.max) >= rule.max;
  }

  private skipsSequence(rule: SequenceRule, action: ActionFacts): boolean {
    return matches(rule.then, action) && this.history.count(action.customerId, -Infinity, rule.first, undefined, 1) === 0;
  }
}
