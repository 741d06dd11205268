/**
 * Reading `otel_traces` rows back as {@link SpanRow}s. 64-bit values are selected as strings so neither the JSON
 * format nor JavaScript numbers lose nanoseconds.
 */
import type { SpanKindName, SpanRow, StatusCodeName } from '../../schemas/span.js';

/** SELECT list producing {@link SpanRowJson}. */
export const SPAN_ROW_COLUMNS_SQL = `
  toString(toUnixTimestamp64Nano(Timestamp)) AS ts, TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind,
  ServiceName, ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, toString(Duration) AS dur, StatusCode,
  StatusMessage, arrayMap(t -> toString(toUnixTimestamp64Nano(t)), Events.Timestamp) AS evTs, Events.Name AS evName,
  Events.Attributes AS evAttrs, Links.TraceId AS lnTrace, Links.SpanId AS lnSpan, Links.TraceState AS lnState,
  Links.Attributes AS lnAttrs`;

/** One row of {@link SPAN_ROW_COLUMNS_SQL} in JSONEachRow. */
export interface SpanRowJson {
  ts: string;
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  TraceState: string;
  SpanName: string;
  SpanKind: string;
  ServiceName: string;
  ResourceAttributes: Record<string, string>;
  ScopeName: string;
  ScopeVersion: string;
  SpanAttributes: Record<string, string>;
  dur: string;
  StatusCode: string;
  StatusMessage: string;
  evTs: string[];
  evName: string[];
  evAttrs: Record<string, string>[];
  lnTrace: string[];
  lnSpan: string[];
  lnState: string[];
  lnAttrs: Record<string, string>[];
}

/** Converts a selected row to a {@link SpanRow}. */
export function fromSpanRowJson(r: SpanRowJson): SpanRow {
  return {
    timestampNs: BigInt(r.ts),
    traceId: r.TraceId,
    spanId: r.SpanId,
    parentSpanId: r.ParentSpanId,
    traceState: r.TraceState,
    spanName: r.SpanName,
    spanKind: r.SpanKind as SpanKindName,
    serviceName: r.ServiceName,
    resourceAttributes: r.ResourceAttributes,
    scopeName: r.ScopeName,
    scopeVersion: r.ScopeVersion,
    spanAttributes: r.SpanAttributes,
    durationNs: BigInt(r.dur),
    statusCode: r.StatusCode as StatusCodeName,
    statusMessage: r.StatusMessage,
    events: r.evTs.map((t, i) => ({ timestampNs: BigInt(t), name: r.evName[i] ?? '', attributes: r.evAttrs[i] ?? {} })),
    links: r.lnTrace.map((t, i) => ({
      traceId: t,
      spanId: r.lnSpan[i] ?? '',
      traceState: r.lnState[i] ?? '',
      attributes: r.lnAttrs[i] ?? {},
    })),
  };
}
