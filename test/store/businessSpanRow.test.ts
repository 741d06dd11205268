/** Rows read from `flexix_business_spans` become the BusinessSpans the analyses expect, start times exact to the ns. */
import { describe, expect, it } from 'vitest';
import { businessSpanSelect, fromBusinessSpanRow, type BusinessSpanRow } from '../../collector/store/businessSpanSql.js';
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

/** The items of a SELECT list (commas inside calls belong to their item). */
function selectItems(sql: string): string[] {
  const items = [''];
  let depth = 0;
  for (const ch of sql) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) items.push('');
    else items[items.length - 1] += ch;
  }
  return items.map((i) => i.trim());
}

describe('businessSpanSelect', () => {
  it('selects only the columns a partial read needs and gives the others their empty value', () => {
    const handbook = businessSpanSelect(false, 'handbook', true);
    expect(selectItems(handbook.sql)).toHaveLength(14);
    expect(handbook.sql).toContain('Subject');
    expect(handbook.sql).not.toMatch(/Duration|LinkTraceIds|JourneyStep|ParentSpanId|''/);
    const full = row('1764000000123456789');
    // The handbook columns of the full row, in the order the partial read selects them.
    const values = [0, 1, 2, 3, 6, 8, 9, 11, 12, 15, 16, 17, 19, 20].map((i) => full[i]);
    const span = handbook.toSpan(values);
    expect(span).toMatchObject({ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), serviceName: 'svc', agent: 'care', intent: 'promote', subject: 'sku-1', hop: 2 });
    expect(span).toMatchObject({ parentSpanId: '', durationNs: 0, links: [] });
    expect(span.phase).toBeUndefined();
  });

  it('reads every column, and the attributes when asked, for a full read', () => {
    const all = businessSpanSelect(true);
    expect(selectItems(all.sql)).toHaveLength(30);
    expect(all.toSpan([...row('1', { 29: { team: 'a' } })])).toEqual(fromBusinessSpanRow(row('1', { 29: { team: 'a' } })));
  });
});
