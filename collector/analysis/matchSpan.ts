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
  if (matcher.intent !== undefined) checks.push((s) => s.intent === matcher.intent);
  if (matcher.event !== undefined) checks.push((s) => s.event === matcher.event);
  if (matcher.agent !== undefined) checks.push((s) => s.agent === matcher.agent);
  if (matcher.channel !== undefined) checks.push((s) => s.channel === matcher.channel);
  if (matcher.subject !== undefined) checks.push((s) => s.subject === matcher.subject);
  if (matcher.model !== undefined) checks.push((s) => s.model === matcher.model);
  for (const [key, value] of Object.entries(matcher.attributes ?? {})) checks.push((s) => s.attributes[key] === value);
  // An empty matcher is rejected by the schema; matching nothing here keeps a hand-built one harmless.
  if (checks.length === 0) return () => false;
  return (s) => checks.every((check) => check(s));
}
