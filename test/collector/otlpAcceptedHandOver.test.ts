/**
 * The receiver's hand-over to consumers of stored spans (loop alerts): they take what they need of a request's rows
 * as it arrives, and get it only once the rows are stored, never for a request whose insert failed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpanRow } from '../../schemas/span.js';
import { createOtlpApp, DEFAULT_MAX_BODY_BYTES } from '../../collector/http/otlpApp.js';
import { BatchWriter } from '../../collector/ingest/BatchWriter.js';
import { silentLogger } from '../../collector/logger.js';
import { InMemorySpanStore } from '../../collector/store/InMemorySpanStore.js';
import { jsonRequest, jsonSpan, postJson } from '../support/otlpRequests.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function start(store: InMemorySpanStore, handedOver: string[][]): Promise<string> {
  const writer = new BatchWriter(store, { maxBatchDelayMs: 1 });
  const app = createOtlpApp({
    writer,
    logger: silentLogger,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    onAccepted: (rows: readonly SpanRow[]) => {
      const ids = rows.map((r) => r.spanId);
      return () => handedOver.push(ids);
    },
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('OTLP receiver hand-over of accepted spans', () => {
  it('hands a request over once its spans are stored, and not when the insert fails', async () => {
    const store = new InMemorySpanStore();
    const handedOver: string[][] = [];
    const url = await start(store, handedOver);
    store.failNextInserts = 1;
    const failed = [jsonSpan(), jsonSpan()];
    expect((await postJson(url, jsonRequest(failed))).status).toBe(503);
    expect(handedOver).toEqual([]);
    const stored = [jsonSpan(), jsonSpan()];
    expect((await postJson(url, jsonRequest(stored))).status).toBe(200);
    expect(handedOver).toEqual([stored.map((s) => s.spanId)]);
    expect(store.rows.map((r) => r.spanId)).toEqual(stored.map((s) => s.spanId));
  });
});
