/**
 * The stored span count that `/api/health` reports, answered in bounded time. Embedded ClickHouse runs one query at a
 * time, so a count asked while a long analysis runs (a month's journey audit: seconds) waits for it, and a liveness
 * probe with a one-second timeout would then take a healthy collector for dead. The count is asked of the store as
 * before, but one count at a time (callers share the one in flight instead of queueing more behind the analysis), and
 * when it takes longer than `waitMs` the last count the store gave is answered, with the time it was counted.
 */
import type { SpanStore } from '../store/SpanStore.js';

/** What {@link StoredSpanCount.read} answers. */
export interface SpanCountReading {
  spans: number;
  /** Set when the store was busy: `spans` is the count it gave at this time (epoch ms). */
  countedAtMs?: number;
}

/** See the module comment. */
export class StoredSpanCount {
  #inFlight: Promise<number> | undefined;
  #last: { spans: number; atMs: number } | undefined;

  constructor(
    private readonly store: Pick<SpanStore, 'countSpans'>,
    private readonly waitMs = 500,
    private readonly now: () => number = Date.now,
  ) {}

  /** The count; the store's failure is thrown unless a count from before is at hand. */
  async read(): Promise<SpanCountReading> {
    const counting = this.#count();
    const last = this.#last;
    if (last === undefined) return { spans: await counting };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.waitMs);
    });
    try {
      const spans = await Promise.race([counting, late]);
      return spans === undefined ? { spans: last.spans, countedAtMs: last.atMs } : { spans };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The count in flight, or a new one; remembered when it comes. */
  #count(): Promise<number> {
    if (this.#inFlight) return this.#inFlight;
    const startedAtMs = this.now();
    const counting = this.store.countSpans().then((spans) => {
      this.#last = { spans, atMs: startedAtMs };
      return spans;
    });
    this.#inFlight = counting;
    const settled = (): void => {
      if (this.#inFlight === counting) this.#inFlight = undefined;
    };
    counting.then(settled, settled);
    return counting;
  }
}
