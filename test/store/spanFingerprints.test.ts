/**
 * Span fingerprints (embedded chDB): they change when a span of their range is stored and only then, and those asked
 * for together are read by one scan per stretch of overlapping ranges, each equal to the fingerprint read alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseSpanStore } from '../../collector/store/ClickHouseSpanStore.js';
import { overlappingGroups } from '../../collector/store/spanFingerprintReads.js';
import { DAY, HOUR, message, toSpanRow, W48 } from '../fixtures/analysis/build.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

describe('overlappingGroups', () => {
  it('groups ranges that overlap or touch, apart from the others', () => {
    const [a, b, c, d] = [
      { from: 0, to: 10 },
      { from: 20, to: 30 },
      { from: 5, to: 12 },
      { from: 12, to: 15 },
    ];
    expect(overlappingGroups([a!, b!, c!, d!])).toEqual([[a, c, d], [b]]);
    expect(overlappingGroups([])).toEqual([]);
  });
});

describe('span fingerprints', () => {
  let server: TestServer;
  let store: ClickHouseSpanStore;
  /** Queries the store sent since the last reset. */
  let queries = 0;
  const week = { fromMs: W48, toMs: W48 + 7 * DAY };
  const lookback = { fromMs: W48 - 30 * DAY, toMs: W48 };
  const lastWeekWithLookback = { fromMs: W48 - 37 * DAY, toMs: W48 };
  const read = (r: { fromMs: number; toMs: number }) => store.getSpanFingerprint(r.fromMs, r.toMs);

  beforeAll(async () => {
    server = await startTestServer({ flags: { weeklyKeepInterval: 'off' } });
    store = server.store as ClickHouseSpanStore;
    const spans = [message('c-1', 'care', 'apologize', W48 - 10 * DAY), message('c-2', 'care', 'apologize', W48 - 33 * DAY), message('c-3', 'care', 'promote', W48 + HOUR)];
    await store.insertEncoded([store.encodeSpans(spans.map(toSpanRow))]);
    const query = store.client.query.bind(store.client);
    store.client.query = ((params: Parameters<typeof query>[0]) => {
      queries++;
      return query(params);
    }) as typeof store.client.query;
  }, 60_000);
  afterAll(() => stopTestServer(server));

  it('asked together, are read by one scan per stretch and equal those read alone', async () => {
    const alone = [];
    for (const r of [lastWeekWithLookback, lookback, week]) alone.push(await read(r));
    expect(alone.map((f) => f.spans)).toEqual([2, 1, 1]);
    queries = 0;
    expect(await Promise.all([read(lastWeekWithLookback), read(lookback), read(week)])).toEqual(alone);
    // The look-back lies in last week's range and the week touches both: one stretch.
    expect(queries).toBe(1);
    queries = 0;
    expect(await Promise.all([read(lookback), read({ fromMs: W48 + 8 * DAY, toMs: W48 + 9 * DAY })])).toEqual([alone[1], { spans: 0, fingerprint: '0:0:0' }]);
    expect(queries).toBe(2);
  });

  it('change when a span of their range is stored, and only then', async () => {
    const before = await Promise.all([read(lookback), read(week)]);
    await store.insertEncoded([store.encodeSpans([toSpanRow(message('c-4', 'care', 'nurture', W48 + 2 * HOUR))])]);
    const after = await Promise.all([read(lookback), read(week)]);
    expect(after[0]).toEqual(before[0]);
    expect(after[1]!.spans).toBe(2);
    expect(after[1]!.fingerprint).not.toBe(before[1]!.fingerprint);
  });
});
