/** Hostile strings survive the TabSeparated encoding into real ClickHouse (embedded chDB) and back. */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseSpanStore } from '../../collector/store/ClickHouseSpanStore.js';
import { connectClickHouse } from '../../collector/store/clickhouseClient.js';
import { formatNs } from '../../collector/store/otelTracesTsv.js';
import type { SpanRow } from '../../schemas/span.js';
import { makeTempDir } from '../support/testServer.js';

const dir = makeTempDir();
let store: ClickHouseSpanStore;
beforeAll(async () => {
  store = new ClickHouseSpanStore(connectClickHouse({ kind: 'embedded', dataDir: dir }), 'embedded', { database: 'flexix' });
  await store.migrate();
  await store.migrate(); // idempotent
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const NASTY = ["it's", 'tab\there', 'new\nline', 'cr\rhere', 'back\\slash', "\\'", 'nul\0byte', '{}[]:,', "'); DROP TABLE otel_traces; --", '<script>alert(1)</script>', 'Grüße ✓ 日本 🚀', ''];

function row(i: number, text: string): SpanRow {
  return {
    timestampNs: 1_795_176_000_123_456_789n + BigInt(i),
    traceId: `${'a'.repeat(30)}${i.toString(16).padStart(2, '0')}`,
    spanId: `${'b'.repeat(14)}${i.toString(16).padStart(2, '0')}`,
    parentSpanId: '',
    traceState: text,
    spanName: text,
    spanKind: 'Server',
    serviceName: text || 'svc',
    resourceAttributes: { [text || 'k']: text },
    scopeName: text,
    scopeVersion: text,
    spanAttributes: { [`key ${text}`]: text, plain: 'v' },
    durationNs: 18_446_744_073_709_551_615n,
    statusCode: 'Error',
    statusMessage: text,
    events: [{ timestampNs: 1_795_176_000_999_999_999n, name: text, attributes: { [text || 'e']: text } }],
    links: [{ traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), traceState: text, attributes: { t: text } }],
  };
}

describe('TabSeparated encoding', () => {
  it('formats nanoseconds exactly', () => {
    expect(formatNs(1_544_712_660_000_000_001n)).toBe('1544712660.000000001');
    expect(formatNs(5n)).toBe('0.000000005');
  });

  it('round-trips hostile strings and extreme numbers through chDB unchanged', async () => {
    const rows = NASTY.map((s, i) => row(i, s));
    await store.insertEncoded([store.encodeSpans(rows)]);
    const stored = await store.getTraces(rows.map((r) => r.traceId));
    expect(stored).toHaveLength(rows.length);
    for (const r of rows) expect(stored.find((s) => s.spanId === r.spanId)).toEqual(r);
  });
});
