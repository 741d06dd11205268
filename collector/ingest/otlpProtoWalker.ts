/**
 * Decodes a protobuf `ExportTraceServiceRequest` straight into {@link NormalizedSpan}s with protobufjs's wire-format
 * `Reader`. Generic message decoding builds two objects per attribute and a Long per timestamp; reading the fields
 * in place removes that garbage and more than doubles ingest throughput. Field numbers follow
 * `schemas/proto/otlp_trace.proto`; unknown fields are skipped as the protobuf rules require.
 */
import protobuf from 'protobufjs';
import type { NormalizedSpan, SpanOrigin } from './NormalizedSpan.js';

type Reader = protobuf.Reader;
const WIRE_LEN = 2;

/** Thrown for bytes that are not a valid request; the message names the message type being read. */
export class ProtobufDecodeError extends Error {}

function hexId(bytes: Uint8Array, expected: number): string | null {
  if (bytes.length === 0) return '';
  if (bytes.length !== expected) return null;
  let zero = true;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) { zero = false; break; }
  return zero ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function fixed64(r: Reader): bigint {
  const lo = r.fixed32();
  const hi = r.fixed32();
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** A reader over the next length-delimited field, advancing `r` past it. */
function subReader(r: Reader): Reader {
  const len = r.uint32();
  const start = r.pos;
  r.skip(len);
  return protobuf.Reader.create(r.buf.subarray(start, start + len));
}

function readArrayJson(r: Reader): unknown[] {
  const arr: unknown[] = [];
  while (r.pos < r.len) {
    const t = r.uint32();
    if (t >>> 3 === 1) arr.push(readAnyValueJson(subReader(r)));
    else r.skipType(t & 7);
  }
  return arr;
}

function readKvlistJson(r: Reader): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  while (r.pos < r.len) {
    const t = r.uint32();
    if (t >>> 3 === 1) {
      const [k, v] = readKeyValue(subReader(r), readAnyValueJson);
      obj[k] = v;
    } else r.skipType(t & 7);
  }
  return obj;
}

/** Reads an AnyValue as a plain JSON value (inside arrays and maps). */
function readAnyValueJson(r: Reader): unknown {
  let value: unknown = null;
  while (r.pos < r.len) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1: value = r.string(); break;
      case 2: value = r.bool(); break;
      case 3: { const s = r.int64().toString(); const n = Number(s); value = Number.isSafeInteger(n) ? n : s; break; }
      case 4: value = r.double(); break;
      case 5: value = readArrayJson(subReader(r)); break;
      case 6: value = readKvlistJson(subReader(r)); break;
      case 7: value = Buffer.from(r.bytes()).toString('base64'); break;
      default: r.skipType(tag & 7);
    }
  }
  return value;
}

/** Reads an AnyValue ending at `end` as its stored string (the clickhouseexporter's conversion: composites as JSON). */
function readAnyValueString(r: Reader, end: number): string {
  let value = '';
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1: value = r.string(); break;
      case 2: value = r.bool() ? 'true' : 'false'; break;
      case 3: value = r.int64().toString(); break;
      case 4: value = String(r.double()); break;
      case 5: value = JSON.stringify(readArrayJson(subReader(r))); break;
      case 6: value = JSON.stringify(readKvlistJson(subReader(r))); break;
      case 7: value = Buffer.from(r.bytes()).toString('base64'); break;
      default: r.skipType(tag & 7);
    }
  }
  return value;
}

function readKeyValue<T>(r: Reader, readValue: (r: Reader) => T): [string, T | ''] {
  let key = '';
  let value: T | '' = '';
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) key = r.string();
    else if (tag >>> 3 === 2) value = readValue(subReader(r));
    else r.skipType(tag & 7);
  }
  return [key, value];
}

/**
 * Reads one KeyValue (length-delimited, tag already read) into `into`. The hot path of ingest: bounds instead of
 * sub-readers, so a plain string attribute allocates nothing but its strings.
 */
function readAttribute(r: Reader, into: Record<string, string>): void {
  const end = r.uint32() + r.pos;
  let key = '';
  let value = '';
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) key = r.string();
    else if (tag >>> 3 === 2) {
      const valueEnd = r.uint32() + r.pos;
      value = readAnyValueString(r, valueEnd);
    } else r.skipType(tag & 7);
  }
  into[key] = value;
}

function readEvent(r: Reader, end: number): NormalizedSpan['events'][number] {
  const ev: NormalizedSpan['events'][number] = { timeNs: 0n, name: '', attributes: {} };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1: ev.timeNs = fixed64(r); break;
      case 2: ev.name = r.string(); break;
      case 3: readAttribute(r, ev.attributes); break;
      default: r.skipType(tag & 7);
    }
  }
  return ev;
}

function readLink(r: Reader, end: number): NormalizedSpan['links'][number] {
  const link: NormalizedSpan['links'][number] = { traceId: null, spanId: null, traceState: '', attributes: {} };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1: link.traceId = hexId(r.bytes(), 16); break;
      case 2: link.spanId = hexId(r.bytes(), 8); break;
      case 3: link.traceState = r.string(); break;
      case 4: readAttribute(r, link.attributes); break;
      default: r.skipType(tag & 7);
    }
  }
  return link;
}

function readSpan(r: Reader, end: number): NormalizedSpan {
  const s: NormalizedSpan = {
    traceId: null, spanId: null, parentSpanId: '', traceState: '', name: '', kind: 0, startNs: 0n, endNs: 0n,
    attributes: {}, events: [], links: [], statusCode: 0, statusMessage: '',
  };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1: s.traceId = hexId(r.bytes(), 16); break;
      case 2: s.spanId = hexId(r.bytes(), 8); break;
      case 3: s.traceState = r.string(); break;
      case 4: s.parentSpanId = hexId(r.bytes(), 8); break;
      case 5: s.name = r.string(); break;
      case 6: s.kind = r.int32(); break;
      case 7: s.startNs = fixed64(r); break;
      case 8: s.endNs = fixed64(r); break;
      case 9: readAttribute(r, s.attributes); break;
      case 11: { const e = r.uint32() + r.pos; s.events.push(readEvent(r, e)); break; }
      case 13: { const e = r.uint32() + r.pos; s.links.push(readLink(r, e)); break; }
      case 15: {
        const e = r.uint32() + r.pos;
        while (r.pos < e) {
          const t = r.uint32();
          if (t >>> 3 === 2) s.statusMessage = r.string();
          else if (t >>> 3 === 3) s.statusCode = r.int32();
          else r.skipType(t & 7);
        }
        break;
      }
      default: r.skipType(tag & 7);
    }
  }
  return s;
}

function readScopeSpans(r: Reader, end: number, resource: Record<string, string>, onSpan: (span: NormalizedSpan, origin: SpanOrigin) => void): void {
  const origin: SpanOrigin = { resourceAttributes: resource, serviceName: resource['service.name'] ?? '', scopeName: '', scopeVersion: '' };
  const spans: NormalizedSpan[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === WIRE_LEN) {
      const e = r.uint32() + r.pos;
      while (r.pos < e) {
        const t = r.uint32();
        if (t >>> 3 === 1) origin.scopeName = r.string();
        else if (t >>> 3 === 2) origin.scopeVersion = r.string();
        else r.skipType(t & 7);
      }
    } else if (tag >>> 3 === 2 && (tag & 7) === WIRE_LEN) {
      const e = r.uint32() + r.pos;
      spans.push(readSpan(r, e));
    } else r.skipType(tag & 7);
  }
  // The scope may follow its spans on the wire, so spans are handed on once the whole ScopeSpans is read.
  for (const s of spans) onSpan(s, origin);
}

function readResourceSpans(r: Reader, end: number, onSpan: (span: NormalizedSpan, origin: SpanOrigin) => void): void {
  const resource: Record<string, string> = {};
  const scopeRanges: Array<[number, number]> = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === WIRE_LEN) {
      const e = r.uint32() + r.pos;
      while (r.pos < e) {
        const t = r.uint32();
        if (t >>> 3 === 1) readAttribute(r, resource);
        else r.skipType(t & 7);
      }
    } else if (tag >>> 3 === 2 && (tag & 7) === WIRE_LEN) {
      // The resource may come after its scopes on the wire: remember where they are and read them last.
      const len = r.uint32();
      scopeRanges.push([r.pos, r.pos + len]);
      r.skip(len);
    } else r.skipType(tag & 7);
  }
  for (const [start, stop] of scopeRanges) {
    r.pos = start;
    readScopeSpans(r, stop, resource, onSpan);
  }
  r.pos = end;
}

/** Walks a protobuf request, calling `onSpan` for every span. Throws {@link ProtobufDecodeError} on malformed bytes. */
export function walkOtlpProtoRequest(body: Uint8Array, onSpan: (span: NormalizedSpan, origin: SpanOrigin) => void): void {
  const r = protobuf.Reader.create(body);
  try {
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag >>> 3 === 1 && (tag & 7) === WIRE_LEN) {
        const e = r.uint32() + r.pos;
        if (e > r.len) throw new RangeError(`length ${e - r.pos} exceeds the message`);
        readResourceSpans(r, e, onSpan);
      } else r.skipType(tag & 7);
    }
  } catch (err) {
    throw new ProtobufDecodeError(`malformed protobuf ExportTraceServiceRequest: ${(err as Error).message}`, { cause: err });
  }
}
