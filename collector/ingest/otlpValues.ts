/**
 * Converts OTLP/JSON encodings to the values stored in `otel_traces`, the way the clickhouseexporter stores them:
 * lower-case hex ids, integer nanoseconds, attribute values as strings (arrays and maps as JSON, bytes as base64).
 */
import type { OtlpAnyValue, OtlpId, OtlpInt64, OtlpKeyValue } from './OtlpExportRequest.js';

const HEX_ID = /^[0-9a-fA-F]*$/;

/**
 * Returns an id as lower-case hex, or `null` when it is not exactly `bytes` long or is all zeros.
 * An absent id is returned as '' (valid for a parent span id).
 */
export function idToHex(id: OtlpId, bytes: number): string | null {
  if (id === undefined || id === null) return '';
  let hex: string;
  if (typeof id === 'string') {
    if (id.length === 0) return '';
    if (id.length !== bytes * 2 || !HEX_ID.test(id)) return null;
    hex = id.toLowerCase();
  } else {
    if (id.length === 0) return '';
    if (id.length !== bytes) return null;
    hex = Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('hex');
  }
  return /^0+$/.test(hex) ? null : hex;
}

/** Converts a 64-bit integer encoding to bigint; `null` when it is not an integer. */
export function int64ToBigInt(v: OtlpInt64): bigint | null {
  if (v === undefined || v === null) return 0n;
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'number':
      return Number.isSafeInteger(v) ? BigInt(v) : null;
    case 'string':
      return /^-?\d+$/.test(v) ? BigInt(v) : null;
    default: {
      const big = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
      return v.unsigned || v.high >= 0 ? big : big - (1n << 64n);
    }
  }
}

function bytesToBase64(b: Uint8Array | string): string {
  return typeof b === 'string' ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

const ONEOF_KEYS = ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] as const;
type AnyValueKind = (typeof ONEOF_KEYS)[number];

/** Which member of the AnyValue oneof is set (the first present, should a malformed value carry several). */
function anyValueKind(v: OtlpAnyValue): AnyValueKind | undefined {
  for (const k of ONEOF_KEYS) if (Object.hasOwn(v, k) && v[k] !== null && v[k] !== undefined) return k;
  return undefined;
}

/** Converts an AnyValue to the plain JSON value it stands for (used inside arrays and maps). */
export function anyValueToJson(v: OtlpAnyValue | null | undefined): unknown {
  if (!v || typeof v !== 'object') return null;
  switch (anyValueKind(v)) {
    case 'stringValue':
      return String(v.stringValue);
    case 'boolValue':
      return Boolean(v.boolValue);
    case 'intValue': {
      const n = int64ToBigInt(v.intValue);
      return n === null ? null : Number.isSafeInteger(Number(n)) ? Number(n) : n.toString();
    }
    case 'doubleValue':
      return Number(v.doubleValue);
    case 'arrayValue':
      return (v.arrayValue?.values ?? []).map(anyValueToJson);
    case 'kvlistValue': {
      const out: Record<string, unknown> = {};
      for (const kv of v.kvlistValue?.values ?? []) if (typeof kv?.key === 'string') out[kv.key] = anyValueToJson(kv.value);
      return out;
    }
    case 'bytesValue':
      return bytesToBase64(v.bytesValue!);
    default:
      return null;
  }
}

/** Converts an AnyValue to its stored string form. */
export function anyValueToString(v: OtlpAnyValue | null | undefined): string {
  if (!v || typeof v !== 'object') return '';
  switch (anyValueKind(v)) {
    case 'stringValue':
      return String(v.stringValue);
    case 'boolValue':
      return v.boolValue ? 'true' : 'false';
    case 'intValue':
      return String(int64ToBigInt(v.intValue) ?? '');
    case 'doubleValue':
      return String(Number(v.doubleValue));
    case 'arrayValue':
    case 'kvlistValue':
      return JSON.stringify(anyValueToJson(v));
    case 'bytesValue':
      return bytesToBase64(v.bytesValue!);
    default:
      return '';
  }
}

/** Converts a KeyValue list to a string map (a later duplicate key wins). */
export function attributesToMap(kvs: OtlpKeyValue[] | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(kvs)) return out;
  for (const kv of kvs) {
    if (kv && typeof kv.key === 'string') out[kv.key] = anyValueToString(kv.value);
  }
  return out;
}
