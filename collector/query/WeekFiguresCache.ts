/**
 * The weekly report's figures of weeks already computed, reused while the week's stored spans are unchanged: a
 * week that is over (the previous week of every report) is computed once instead of at every request, and a report
 * asked for again costs one fingerprint query. Whether spans changed is asked of the store each time
 * (`SpanStore.getSpanFingerprint`), so late spans, retention and re-imports are never served stale.
 */
import type { WeekFigures } from '../analysis/buildWeeklyReport.js';

/** What is kept of a week: everything but the changes, which depend on stages outside the week. */
export type CachedWeekFigures = Omit<WeekFigures, 'changes'>;

/** See the module comment. Least recently used weeks are dropped past `capacity`. */
export class WeekFiguresCache {
  readonly #entries = new Map<string, { fingerprint: string; figures: CachedWeekFigures }>();

  constructor(private readonly capacity = 4) {}

  /** The figures stored for `key` if they were computed from spans with this fingerprint. */
  get(key: string, fingerprint: string): CachedWeekFigures | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.fingerprint !== fingerprint) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.figures;
  }

  set(key: string, fingerprint: string, figures: CachedWeekFigures): void {
    this.#entries.delete(key);
    this.#entries.set(key, { fingerprint, figures });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.capacity) break;
      this.#entries.delete(oldest);
    }
  }
}
