/**
 * Hostile input against the OTLP decoders: mutated valid payloads and arbitrary bytes never crash or hang the
 * decoders; they either map spans or throw an Error whose message says what is malformed (a 400 at the receiver).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeOtlpJsonRequest } from '../../collector/ingest/otlpJsonCodec.js';
import { encodeOtlpProtoRequest } from '../../collector/ingest/otlpProtoCodec.js';
import { protoRequestToSpanRows, toSpanRows } from '../../collector/ingest/toSpanRows.js';
import { jsonRequest, jsonSpan } from '../support/otlpRequests.js';

const validProto = Buffer.from(
  encodeOtlpProtoRequest({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
        scopeSpans: [
          {
            scope: { name: 's', version: '1' },
            spans: [
              {
                traceId: Buffer.alloc(16, 1),
                spanId: Buffer.alloc(8, 2),
                name: 'span',
                kind: 2,
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000000000000100',
                attributes: [
                  { key: 'a', value: { arrayValue: { values: [{ intValue: 1 }, { kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } }] } } },
                ],
                events: [{ timeUnixNano: '1700000000000000050', name: 'e' }],
                links: [{ traceId: Buffer.alloc(16, 3), spanId: Buffer.alloc(8, 4) }],
                status: { code: 2, message: 'err' },
              },
            ],
          },
        ],
      },
    ],
  }),
);
const validJson = JSON.stringify(jsonRequest([jsonSpan({ links: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) }] })]));

/** Decoding either succeeds or fails with an Error that has a message; anything else is a crash. */
function decodesOrExplains(decode: () => unknown): void {
  try {
    decode();
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message.length).toBeGreaterThan(0);
  }
}

describe('OTLP decoders under fuzzing', () => {
  it('survive byte mutations of a valid protobuf request', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(validProto.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(validProto.length), (flips, cut) => {
        const bytes = Buffer.from(validProto);
        for (const [at, value] of flips) bytes[at] = value;
        decodesOrExplains(() => protoRequestToSpanRows(bytes.subarray(0, cut)));
      }),
      { numRuns: 3000 },
    );
  });

  it('survive arbitrary bytes as protobuf', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => decodesOrExplains(() => protoRequestToSpanRows(bytes))), { numRuns: 3000 });
  });

  it('survive character mutations of a valid JSON request and arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.nat(validJson.length - 1), fc.string({ maxLength: 4 }), (at, insert) => {
        const text = validJson.slice(0, at) + insert + validJson.slice(at + 1);
        decodesOrExplains(() => toSpanRows(decodeOtlpJsonRequest(text)));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => decodesOrExplains(() => toSpanRows(decodeOtlpJsonRequest(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [value] }] }] }))))),
      { numRuns: 2000 },
    );
  });

  it('reject deeply nested attribute values without overflowing the stack', () => {
    let value: object = { stringValue: 'leaf' };
    for (let i = 0; i < 100_000; i++) value = { arrayValue: { values: [value] } };
    let json: string | undefined;
    try {
      json = JSON.stringify(jsonRequest([jsonSpan({ attributes: [{ key: 'deep', value }] })]));
    } catch {
      // Too deep even to serialise here: build the text by hand instead.
      json = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"deep","value":${'{"arrayValue":{"values":['.repeat(100_000)}1${']}}'.repeat(100_000)}}]}]}]}]}`;
    }
    decodesOrExplains(() => toSpanRows(decodeOtlpJsonRequest(json!)));
  });
});
