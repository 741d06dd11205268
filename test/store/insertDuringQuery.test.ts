/**
 * Spans are stored while a long analysis query runs: the query does not hold inserts (and so OTLP acknowledgements)
 * back until it ends, on embedded chDB as on a server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseSpanStore } from '../../collector/store/ClickHouseSpanStore.js';
import { makeSyntheticSpanRows } from '../../bench/syntheticSpans.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => stopTestServer(server));

describe('inserts during a long query', () => {
  it('finish while the query is still running', async () => {
    const store = server.store as ClickHouseSpanStore;
    const finished: string[] = [];
    // A bound query (as every analysis query is) of about three seconds on one thread here.
    const long = store.client
      .query({
        query: 'SELECT count() FROM numbers({n:UInt64}) WHERE sipHash64(toString(number)) % 7 = 0 SETTINGS max_threads = 1',
        query_params: { n: 100_000_000 },
        format: 'TabSeparated',
      })
      .then((rs) => rs.text())
      .then(() => finished.push('query'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const rows = makeSyntheticSpanRows(2000, 61);
    await store.insertEncoded([store.encodeSpans(rows)]).then(() => finished.push('insert'));
    await long;
    expect(finished).toEqual(['insert', 'query']);
    expect(await store.countSpans()).toBe(rows.length);
  }, 60_000);
});
