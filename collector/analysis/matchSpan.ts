import type { Matcher } from '../../schemas/handbook.js';
import type { BusinessSpan } from './BusinessSpan.js';

/** A compiled handbook matcher. */
export type SpanPredicate = (span: BusinessSpan) => boolean;

/**
 * Compiles a handbook matcher (CONTRACT §2) into a predicate: every key given must match exactly; `attributes`
 * compares against the span's raw attribute map. Compiled once per rule because it runs once per span.
 */
export function compileMatcher(matcher: Matcher): SpanPredicate {
  const checks: SpanPredicate[] = [];
  const intent = matcher.intent;
  if (intent !== undefined) checks.push((s) => s.intent === intent);
  const event = matcher.event;
  if (event !== undefined) checks.push((s) => s.event === event);
  const agent = matcher.agent;
  if (agent !== undefined) checks.push((s) => s.agent === agent);
  const channel = matcher.channel;
  if (channel !== undefined) checks.push((s) => s.channel === channel);
  const subject = matcher.subject;
  if (subject !== undefined) checks.push((s) => s.subject === subject);
  const model = matcher.model;
  if (model !== undefined) checks.push((s) => s.model === model);
  for (const [key, value] of Object.entries(matcher.attributes ?? {})) checks.push((s) => s.attributes[key] === value);
  // An empty matcher is rejected by the schema; matching nothing here keeps a hand-built one harmless.
  if (checks.length === 0) return () => false;
  // Specialised for the usual one or two keys: this runs once per span per rule.
  const [first, second] = checks as [SpanPredicate, SpanPredicate | undefined];
  if (checks.length === 1) return first;
  if (checks.length === 2) return (s) => first(s) && second!(s);
  return (s) => {
    for (const check of checks) if (!check(s)) return false;
    return true;
  };
}
