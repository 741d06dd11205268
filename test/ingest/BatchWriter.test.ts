/** The batch writer groups requests into large inserts, acknowledges only stored rows and bounds its queue. */
import { describe, expect, it } from 'vitest';
import { BatchWriter } from '../../collector/ingest/BatchWriter.js';
import { OverloadedError, UnavailableError } from '../../collector/errors.js';
import { InMemorySpanStore } from '../../collector/store/InMemorySpanStore.js';
import { makeSyntheticSpanRows } from '../../bench/syntheticSpans.js';

const rows = (n: number, seed = 1) => makeSyntheticSpanRows(n, seed);

describe('BatchWriter', () => {
  it('merges concurrent requests into one insert once the batch is full', async () => {
    const store = new InMemorySpanStore();
    const writer = new BatchWriter(store, { maxBatchRows: 100, maxBatchDelayMs: 10_000, maxPendingRows: 1000 });
    await Promise.all([writer.submit(rows(60, 1)), writer.submit(rows(40, 2))]);
    expect(store.insertCalls).toBe(1);
    expect(store.rows).toHaveLength(100);
  });

  it('flushes a partial batch after the time bound', async () => {
    const store = new InMemorySpanStore();
    const writer = new BatchWriter(store, { maxBatchRows: 1000, maxBatchDelayMs: 20, maxPendingRows: 10_000 });
    const started = Date.now();
    await writer.submit(rows(5));
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect(store.rows).toHaveLength(5);
  });

  it('rejects every request of a failed insert with 503 and stores none of it', async () => {
    const store = new InMemorySpanStore();
    store.failNextInserts = 1;
    const writer = new BatchWriter(store, { maxBatchRows: 10, maxBatchDelayMs: 5, maxPendingRows: 100 });
    const results = await Promise.allSettled([writer.submit(rows(5, 1)), writer.submit(rows(5, 2))]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(UnavailableError);
    }
    expect(store.rows).toHaveLength(0);
    expect(writer.pendingRows).toBe(0);
  });

  it('refuses work past maxPendingRows with 429 instead of queueing', async () => {
    const store = new InMemorySpanStore();
    store.insertDelayMs = 50;
    const writer = new BatchWriter(store, { maxBatchRows: 10, maxBatchDelayMs: 1, maxPendingRows: 20 });
    const first = writer.submit(rows(20, 1));
    await expect(writer.submit(rows(1, 2))).rejects.toBeInstanceOf(OverloadedError);
    await first;
    await writer.submit(rows(5, 3));
    expect(store.rows).toHaveLength(25);
  });

  it('tells the receiver before it reads a body whether a request would be refused', async () => {
    const store = new InMemorySpanStore();
    store.insertDelayMs = 50;
    const writer = new BatchWriter(store, { maxBatchRows: 10, maxBatchDelayMs: 1, maxPendingRows: 20 });
    expect(writer.refusal()).toBeUndefined();
    const first = writer.submit(rows(20, 1));
    expect(writer.refusal()).toBeInstanceOf(OverloadedError);
    await first;
    expect(writer.refusal()).toBeUndefined();
    await writer.close();
    expect(writer.refusal()).toBeInstanceOf(UnavailableError);
  });

  it('stores everything accepted before close resolves, and refuses work afterwards', async () => {
    const store = new InMemorySpanStore();
    const writer = new BatchWriter(store, { maxBatchRows: 1000, maxBatchDelayMs: 60_000, maxPendingRows: 10_000 });
    const pending = writer.submit(rows(7));
    await writer.close();
    await pending;
    expect(store.rows).toHaveLength(7);
    await expect(writer.submit(rows(1))).rejects.toBeInstanceOf(UnavailableError);
  });
});
