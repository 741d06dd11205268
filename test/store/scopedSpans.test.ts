/**
 * A read of several scopes (each some customers' spans, with its own matchers in the range and its own look-backs, as
 * the conflict search reads each rule's spans for the customers who can break it) returns the same spans from
 * embedded ClickHouse and from the in-memory store: exactly those of some scope, global spans included, each once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessSpan } from '../../collector/analysis/BusinessSpan.js';
import { InMemorySpanStore } from '../../collector/store/InMemorySpanStore.js';
import type { BusinessSpanQuery, SpanStore } from '../../collector/store/SpanStore.js';
import { event, message, toSpanRow, W48 } from '../fixtures/analysis/build.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

const DAY = 86_400_000;
const RANGE = { fromMs: W48, toMs: W48 + 7 * DAY };

const spans: BusinessSpan[] = [];
for (const customerId of ['ann', 'bob', 'cid']) {
  for (const [intent, dayOffset] of [['promote', -3], ['promote', 2], ['apologize', -1], ['apologize', -5], ['nurture', 1]] as const) {
    spans.push(message(customerId, 'care', intent, W48 + dayOffset * DAY + 3_600_000));
  }
  spans.push(event(customerId, 'complaint.posted', W48 - 2 * DAY), event(customerId, 'complaint.posted', W48 + 3 * DAY));
}
spans.push(event(undefined, 'inventory.out_of_stock', W48 - DAY, { subject: 'sku-1' }), event(undefined, 'inventory.out_of_stock', W48 + DAY, { subject: 'sku-2' }));

/** Promotions and two days of apologies before them for ann and bob; complaints and a week before for bob and cid. */
const SCOPED: BusinessSpanQuery = {
  ...RANGE,
  scopes: [
    { customerIds: ['ann', 'bob'], matching: [{ intent: 'promote' }, { intent: 'apologize' }], lookbacks: [{ lookbackMs: 2 * DAY, matching: [{ intent: 'apologize' }] }] },
    { customerIds: ['bob', 'cid'], matching: [{ event: 'complaint.posted' }, { event: 'inventory.out_of_stock' }], lookbacks: [{ lookbackMs: 7 * DAY, matching: [{ event: 'complaint.posted' }] }] },
  ],
};

const key = (s: BusinessSpan) => `${s.customerId ?? '-'} ${s.intent ?? s.event} ${Math.floor((s.startMs - W48) / DAY)}`;

let server: TestServer;
let memory: SpanStore;
beforeAll(async () => {
  server = await startTestServer();
  await server.store.insertEncoded([server.store.encodeSpans(spans.map(toSpanRow))]);
  memory = new InMemorySpanStore();
  await memory.insertEncoded([memory.encodeSpans(spans.map(toSpanRow))]);
}, 60_000);
afterAll(() => stopTestServer(server));

describe('a read of several scopes', () => {
  it('returns the spans of each scope, globals included, each once', async () => {
    const expected = [
      'ann apologize -1', 'ann promote 2', 'bob apologize -1', 'bob promote 2', 'bob complaint.posted -2', 'bob complaint.posted 3',
      'cid complaint.posted -2', 'cid complaint.posted 3', '- inventory.out_of_stock 1',
    ];
    expect((await memory.getBusinessSpans(SCOPED)).map(key).sort()).toEqual(expected.sort());
  });

  it('gives the same spans from ClickHouse as from memory', async () => {
    const fromClickHouse = (await server.store.getBusinessSpans({ ...SCOPED, fields: 'handbook' })).map(key).sort();
    expect(fromClickHouse).toEqual((await memory.getBusinessSpans(SCOPED)).map(key).sort());
    expect(await server.store.getBusinessSpans({ ...RANGE, scopes: [] })).toEqual([]);
  });
});
