/** OTLP scalars become the values the clickhouseexporter stores. */
import { describe, expect, it } from 'vitest';
import { anyValueToString, attributesToMap, idToHex, int64ToBigInt } from '../../collector/ingest/otlpValues.js';
import { encodeOtlpProtoRequest } from '../../collector/ingest/otlpProtoCodec.js';
import { protoRequestToSpanRows } from '../../collector/ingest/toSpanRows.js';

describe('idToHex', () => {
  it('lower-cases hex ids and hex-encodes bytes', () => {
    expect(idToHex('5B8EFFF798038103D269B633813FC60C', 16)).toBe('5b8efff798038103d269b633813fc60c');
    expect(idToHex(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 0xff]), 8)).toBe('01020304050607ff');
  });
  it('rejects wrong lengths, non-hex and all-zero ids; treats absent as empty', () => {
    expect(idToHex('abc', 8)).toBeNull();
    expect(idToHex('zz'.repeat(8), 8)).toBeNull();
    expect(idToHex('0'.repeat(16), 8)).toBeNull();
    expect(idToHex(new Uint8Array(7).fill(1), 8)).toBeNull();
    expect(idToHex(undefined, 8)).toBe('');
    expect(idToHex('', 8)).toBe('');
  });
});

describe('int64ToBigInt', () => {
  it('keeps nanosecond precision from strings, Long objects and safe numbers', () => {
    expect(int64ToBigInt('1544712660123456789')).toBe(1544712660123456789n);
    expect(int64ToBigInt({ low: 1032178965, high: 395812094, unsigned: true })).toBe((395812094n << 32n) + 1032178965n);
    expect(int64ToBigInt({ low: -1, high: -1, unsigned: false })).toBe(-1n);
    expect(int64ToBigInt(42)).toBe(42n);
  });
  it('rejects what is not an integer', () => {
    expect(int64ToBigInt('12.5')).toBeNull();
    expect(int64ToBigInt(1e300)).toBeNull();
  });
});

describe('attribute values', () => {
  it('stores every AnyValue kind as the exporter does', () => {
    expect(
      attributesToMap([
        { key: 's', value: { stringValue: 'text' } },
        { key: 'b', value: { boolValue: false } },
        { key: 'i', value: { intValue: '9007199254740993' } },
        { key: 'd', value: { doubleValue: 0.25 } },
        { key: 'a', value: { arrayValue: { values: [{ stringValue: 'x' }, { intValue: 2 }, { boolValue: true }] } } },
        { key: 'm', value: { kvlistValue: { values: [{ key: 'k', value: { doubleValue: 1.5 } }] } } },
        { key: 'y', value: { bytesValue: 'AQID' } },
        { key: 'empty', value: {} },
      ]),
    ).toEqual({ s: 'text', b: 'false', i: '9007199254740993', d: '0.25', a: '["x",2,true]', m: '{"k":1.5}', y: 'AQID', empty: '' });
  });

  it('stores protobuf attribute values of every kind as the JSON path does', () => {
    const attributes = [
      { key: 'n', value: { intValue: 7 } },
      { key: 'f', value: { boolValue: false } },
      { key: 'd', value: { doubleValue: 0.25 } },
      { key: 'bytes', value: { bytesValue: Buffer.from([1, 2, 3]) } },
      { key: 'a', value: { arrayValue: { values: [{ stringValue: 'x' }, { intValue: 2 }] } } },
      { key: 'm', value: { kvlistValue: { values: [{ key: 'k', value: { doubleValue: 1.5 } }] } } },
    ];
    const span = { traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), startTimeUnixNano: '1', endTimeUnixNano: '2', attributes };
    const { rows } = protoRequestToSpanRows(encodeOtlpProtoRequest({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }));
    expect(rows[0]!.spanAttributes).toEqual({ n: '7', f: 'false', d: '0.25', bytes: 'AQID', a: '["x",2]', m: '{"k":1.5}' });
  });

  it('ignores malformed attribute lists instead of failing the request', () => {
    expect(attributesToMap({ not: 'a list' } as never)).toEqual({});
    expect(anyValueToString(null)).toBe('');
  });
});
