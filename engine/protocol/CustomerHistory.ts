import type { Matcher } from '../../schemas/handbook.js';
import type { ActionFacts } from './ActionFacts.js';
import { matches } from './matches.js';

/**
 * The engine's record of what happened to each customer (messages sent, events published), which the guard checks
 * rules against. Global events (no customer) are kept once and count for every customer, as CONTRACT §2 says.
 * Entries are appended in time order, so lookups walk backwards and stop at the edge of a window.
 */
export class CustomerHistory {
  private readonly byCustomer = new Map<string, ActionFacts[]>();
  private readonly global: ActionFacts[] = [];

  /** Appends an action that happened. */
  record(facts: ActionFacts): void {
    if (facts.customerId === undefined) {
      this.global.push(facts);
      return;
    }
    const list = this.byCustomer.get(facts.customerId);
    if (list) list.push(facts);
    else this.byCustomer.set(facts.customerId, [facts]);
  }

  /**
   * Counts the entries of the customer (and global ones) at or after `since` that match `matcher` — and, when
   * `subject` is given, have that subject — stopping once `enough` are found.
   */
  count(customerId: string | undefined, since: number, matcher: Matcher, subject: string | undefined, enough: number): number {
    const own = customerId === undefined ? undefined : this.byCustomer.get(customerId);
    let found = own ? countSince(own, since, matcher, subject, enough) : 0;
    if (found < enough) found += countSince(this.global, since, matcher, subject, enough - found);
    return found;
  }
}

function countSince(list: readonly ActionFacts[], since: number, matcher: Matcher, subject: string | undefined, enough: number): number {
  let found = 0;
  for (let i = list.length - 1; i >= 0 && found < enough; i--) {
    const facts = list[i]!;
    if (facts.at < since) break;
    if ((subject === undefined || facts.subject === subject) && matches(matcher, facts)) found++;
  }
  return found;
}
