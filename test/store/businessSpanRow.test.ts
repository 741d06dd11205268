/** Rows read from `flexix_business_spans` become the BusinessSpans the analyses expect, start times exact to the ns. */
import { describe, expect, it } from 'vitest';
import { fromBusinessSpanRow, type BusinessSpanRow } from '../../collector/store/businessSpanSql.js';
import { Random } from '../../engine/random.js';

function row(ts: string, overrides: Partial<Record<number, unknown>> = {}): BusinessSpanRow {
  const r: unknown[] = [ts, 'c-1', 'AB'.repeat(16), 'CD'.repeat(8), '', 'act', 'svc', '1500', 'care', 'network', 'act', 'done',
    '', '', '', 'email', 'promote', 'sku-1', '', 'allow', '2', '', '', '', '', '', ['ef'.repeat(16)], ['01'.repeat(8)], ['']];
  for (const [i, v] of Object.entries(overrides)) r[Number(i)] = v;
  return r as BusinessSpanRow;
}

describe('fromBusinessSpanRow', () => {
  it('turns nanosecond start times into the same milliseconds as exact integer arithmetic', () => {
    const random = new Random(11);
    for (let i = 0; i < 1000; i++) {
      const ns = BigInt(Math.floor(random.next() * 2e9)) * 1_000_000_000n + BigInt(Math.floor(random.next() * 1e9));
      const expected = Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
      expect(fromBusinessSpanRow(row(ns.toString())).startMs).toBe(expected);
      expect(fromBusinessSpanRow(row((-ns).toString())).startMs).toBe(-expected);
    }
    expect(fromBusinessSpanRow(row('999')).startMs).toBe(0.000999);
  });

  it('reads each column into its field, ids lower-cased, empty values absent', () => {
    const span = fromBusinessSpanRow(row('1764000000123456789'));
    expect(span).toMatchObject({
      traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), parentSpanId: '', name: 'act', serviceName: 'svc', durationNs: 1500,
      agent: 'care', model: 'network', customerId: 'c-1', phase: 'act', event: 'done', channel: 'email', intent: 'promote',
      subject: 'sku-1', decision: 'allow', hop: 2, links: [{ traceId: 'ef'.repeat(16), spanId: '01'.repeat(8) }],
    });
    expect(span.journeyId).toBeUndefined();
    expect(span.changeId).toBeUndefined();
    expect(fromBusinessSpanRow(row('1', { 29: { team: 'a' } })).attributes).toEqual({ team: 'a' });
  });
});
