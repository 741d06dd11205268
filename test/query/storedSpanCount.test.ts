import { describe, expect, it } from 'vitest';
import { StoredSpanCount } from '../../collector/query/StoredSpanCount.js';

/** A store whose counts resolve when the test says so; `calls` counts the queries asked of it. */
function slowStore() {
  const pending: Array<{ resolve: (n: number) => void; reject: (e: Error) => void }> = [];
  return {
    pending,
    calls: () => pending.length,
    countSpans: () => new Promise<number>((resolve, reject) => pending.push({ resolve, reject })),
  };
}

describe('StoredSpanCount', () => {
  it('waits for the first count, as there is nothing to answer before it', async () => {
    const store = slowStore();
    const count = new StoredSpanCount(store, 20);
    const reading = count.read();
    await new Promise((r) => setTimeout(r, 60));
    store.pending[0]!.resolve(7);
    expect(await reading).toEqual({ spans: 7 });
  });

  it('answers a fresh count when the store answers in time', async () => {
    let n = 0;
    const count = new StoredSpanCount({ countSpans: async () => ++n }, 50);
    expect(await count.read()).toEqual({ spans: 1 });
    expect(await count.read()).toEqual({ spans: 2 });
  });

  it('answers the last count, with when it was counted, while the store is busy, asking it one count at a time', async () => {
    const store = slowStore();
    let nowMs = 1_000;
    const count = new StoredSpanCount(store, 20, () => nowMs);
    const first = count.read();
    store.pending[0]!.resolve(5);
    await first;
    nowMs = 9_000;
    const started = performance.now();
    const [a, b] = await Promise.all([count.read(), count.read()]);
    expect(performance.now() - started).toBeLessThan(500);
    expect(a).toEqual({ spans: 5, countedAtMs: 1_000 });
    expect(b).toEqual(a);
    expect(store.calls()).toBe(2);
    // Still busy: no third query is queued behind the second.
    expect(await count.read()).toEqual({ spans: 5, countedAtMs: 1_000 });
    expect(store.calls()).toBe(2);
    // The busy count comes in: it is the one answered from then on.
    store.pending[1]!.resolve(8);
    await new Promise((r) => setTimeout(r, 0));
    const next = count.read();
    expect(store.calls()).toBe(3);
    store.pending[2]!.resolve(9);
    expect(await next).toEqual({ spans: 9 });
  });

  it('fails when the store fails, even with a count from before', async () => {
    const store = slowStore();
    const count = new StoredSpanCount(store, 1_000);
    const first = count.read();
    store.pending[0]!.resolve(3);
    await first;
    const failing = count.read();
    store.pending[1]!.reject(new Error('store down'));
    await expect(failing).rejects.toThrow('store down');
  });
});
