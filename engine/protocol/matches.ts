import type { Matcher } from '../../schemas/handbook.js';
import type { ActionFacts } from './ActionFacts.js';

/** True when every key the matcher gives equals the corresponding fact (CONTRACT §2). */
export function matches(matcher: Matcher, facts: ActionFacts): boolean {
  if (matcher.intent !== undefined && matcher.intent !== facts.intent) return false;
  if (matcher.event !== undefined && matcher.event !== facts.event) return false;
  if (matcher.agent !== undefined && matcher.agent !== facts.agent) return false;
  if (matcher.channel !== undefined && matcher.channel !== facts.channel) return false;
  if (matcher.subject !== undefined && matcher.subject !== facts.subject) return false;
  if (matcher.model !== undefined && matcher.model !== facts.model) return false;
  if (matcher.attributes !== undefined) {
    for (const [key, value] of Object.entries(matcher.attributes)) {
      if (facts.attributes?.[key] !== value) return false;
    }
  }
  return true;
}
