/** Turns span rows into OTLP protobuf request bodies, as an SDK exporter would send them. */
import { encodeOtlpProtoRequest } from '../collector/ingest/otlpProtoCodec.js';
import type { SpanRow } from '../schemas/span.js';

const kv = (m: Record<string, string>) => Object.entries(m).map(([key, v]) => ({ key, value: { stringValue: v } }));
const hex = (s: string) => Buffer.from(s, 'hex');

/** Encodes rows as protobuf `ExportTraceServiceRequest` bodies of `spansPerRequest` spans each, one resource per service. */
export function encodeRowsAsOtlpProto(rows: readonly SpanRow[], spansPerRequest: number): Uint8Array<ArrayBuffer>[] {
  const bodies: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < rows.length; i += spansPerRequest) {
    const byService = new Map<string, SpanRow[]>();
    for (const r of rows.slice(i, i + spansPerRequest)) {
      const list = byService.get(r.serviceName) ?? [];
      list.push(r);
      byService.set(r.serviceName, list);
    }
    const request = {
      resourceSpans: [...byService.values()].map((list) => ({
        resource: { attributes: kv(list[0]!.resourceAttributes) },
        scopeSpans: [
          {
            scope: { name: list[0]!.scopeName, version: list[0]!.scopeVersion },
            spans: list.map((r) => ({
              traceId: hex(r.traceId),
              spanId: hex(r.spanId),
              parentSpanId: r.parentSpanId ? hex(r.parentSpanId) : undefined,
              name: r.spanName,
              kind: 1,
              startTimeUnixNano: r.timestampNs.toString(),
              endTimeUnixNano: (r.timestampNs + r.durationNs).toString(),
              attributes: kv(r.spanAttributes),
              links: r.links.map((l) => ({ traceId: hex(l.traceId), spanId: hex(l.spanId), attributes: kv(l.attributes) })),
            })),
          },
        ],
      })),
    };
    // A fresh copy owns its ArrayBuffer, which fetch requires of a body.
    bodies.push(new Uint8Array(encodeOtlpProtoRequest(request)));
  }
  return bodies;
}
