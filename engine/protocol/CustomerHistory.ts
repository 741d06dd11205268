import type { ActionFacts } from './ActionFacts.js';

/**
 * The engine's record of what happened to each customer (messages sent, events published), which the guard checks
 * rules against. Global events (no customer) are kept once and visited for every customer, as CONTRACT §2 says.
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
   * Visits the customer's entries and the global ones at or after `since`, newest first within each list; stops as
   * soon as `visit` returns true and reports whether it did.
   */
  some(customerId: string | undefined, since: number, visit: (facts: ActionFacts) => boolean): boolean {
    const own = customerId === undefined ? undefined : this.byCustomer.get(customerId);
    return (own !== undefined && someSince(own, since, visit)) || someSince(this.global, since, visit);
  }
}

function someSince(list: readonly ActionFacts[], since: number, visit: (facts: ActionFacts) => boolean): boolean {
  for (let i = list.length - 1; i >= 0; i--) {
    const facts = list[i]!;
    if (facts.at < since) return false;
    if (visit(facts)) return true;
  }
  return false;
}
