/**
 * Data the command hub owns and its journeys branch on. External facts (inventory, sentiment) reach it only through
 * a scheduled batch sync or an explicit interruption — never in real time — which is why a journey can keep
 * promoting an item that went out of stock hours ago.
 */
export class HubData {
  private readonly values = new Map<string, string>();

  /** The hub's current value for `key`. */
  get(key: string): string | undefined {
    return this.values.get(key);
  }

  /** Sets one value (sync or interruption). */
  set(key: string, value: string): void {
    this.values.set(key, value);
  }
}
