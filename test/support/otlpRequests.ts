/** Builders of raw OTLP/JSON requests for tests that need exact control over ids and values. */
import { randomBytes } from 'node:crypto';

/** A random id of `bytes` bytes, lower-case hex. */
export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** One OTLP/JSON span with sensible defaults. */
export function jsonSpan(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const start = BigInt(Date.now()) * 1_000_000n;
  return {
    traceId: randomHex(16),
    spanId: randomHex(8),
    name: 'test span',
    kind: 1,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + 1_000_000n),
    attributes: [{ key: 'flexix.customer.id', value: { stringValue: 'cust-1' } }],
    ...overrides,
  };
}

/** An ExportTraceServiceRequest (JSON) holding the given spans under one resource and scope. */
export function jsonRequest(spans: Array<Record<string, unknown>>, serviceName = 'test-service'): Record<string, unknown> {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: serviceName } }] },
        scopeSpans: [{ scope: { name: 'test' }, spans }],
      },
    ],
  };
}

/** POSTs a JSON request body to an OTLP receiver. */
export function postJson(otlpUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${otlpUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
