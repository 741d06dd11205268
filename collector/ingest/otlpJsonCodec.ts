/**
 * OTLP/JSON codec: the request is the protobuf JSON mapping with lowerCamelCase keys, hex ids, integer enums and
 * 64-bit integers as decimal strings; unknown fields are ignored (they simply are never read).
 */
import type { OtlpExportRequest } from './OtlpExportRequest.js';

/** Parses a JSON request body. Throws an Error naming the problem on malformed input. */
export function decodeOtlpJsonRequest(body: Buffer | string): OtlpExportRequest {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (err) {
    throw new Error(`malformed JSON ExportTraceServiceRequest: ${(err as Error).message}`, { cause: err });
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error('malformed JSON ExportTraceServiceRequest: expected an object with "resourceSpans"');
  }
  return doc as OtlpExportRequest;
}

/** Encodes an `ExportTraceServiceResponse` as JSON, with `partialSuccess` only when spans were rejected. */
export function encodeOtlpJsonResponse(rejectedSpans: number, errorMessage: string): string {
  return JSON.stringify(rejectedSpans > 0 || errorMessage ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } } : {});
}

/** Encodes a `google.rpc.Status` as JSON. */
export function encodeOtlpJsonStatus(code: number, message: string): string {
  return JSON.stringify({ code, message });
}
