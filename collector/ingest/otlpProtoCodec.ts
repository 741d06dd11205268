/**
 * OTLP/HTTP protobuf messages other than the request body (which `otlpProtoWalker` reads in place): the response,
 * `google.rpc.Status`, and a request encoder for clients and tests — protobufjs over `schemas/proto/otlp_trace.proto`
 * (field numbers per opentelemetry-proto).
 */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const PROTO_FILE = fileURLToPath(new URL('../../schemas/proto/otlp_trace.proto', import.meta.url));
const root = protobuf.loadSync(PROTO_FILE);
const PKG = 'opentelemetry.proto.collector.trace.v1';
const RequestType = root.lookupType(`${PKG}.ExportTraceServiceRequest`);
const ResponseType = root.lookupType(`${PKG}.ExportTraceServiceResponse`);
const StatusType = root.lookupType(`${PKG}.RpcStatus`);

/** Encodes an `ExportTraceServiceResponse`, with `partial_success` only when spans were rejected. */
export function encodeOtlpProtoResponse(rejectedSpans: number, errorMessage: string): Uint8Array {
  const msg = rejectedSpans > 0 || errorMessage ? { partialSuccess: { rejectedSpans, errorMessage } } : {};
  return ResponseType.encode(ResponseType.fromObject(msg)).finish();
}

/** Encodes a `google.rpc.Status` error body. */
export function encodeOtlpProtoStatus(code: number, message: string): Uint8Array {
  return StatusType.encode(StatusType.fromObject({ code, message })).finish();
}

/** Decodes a `google.rpc.Status` (used by tests and clients of this codec). */
export function decodeOtlpProtoStatus(body: Uint8Array): { code: number; message: string } {
  const m = StatusType.toObject(StatusType.decode(body), { defaults: true }) as { code: number; message: string };
  return { code: m.code, message: m.message };
}

/** Decodes an `ExportTraceServiceResponse` (used by tests). */
export function decodeOtlpProtoResponse(body: Uint8Array): { rejectedSpans: number; errorMessage: string } {
  const m = ResponseType.toObject(ResponseType.decode(body), { longs: Number, defaults: true }) as {
    partialSuccess?: { rejectedSpans: number; errorMessage: string };
  };
  return { rejectedSpans: m.partialSuccess?.rejectedSpans ?? 0, errorMessage: m.partialSuccess?.errorMessage ?? '' };
}

/** Encodes a request from a plain object (ids as Uint8Array); used by benchmarks and tests to act as a client. */
export function encodeOtlpProtoRequest(request: object): Uint8Array {
  return RequestType.encode(RequestType.fromObject(request)).finish();
}
