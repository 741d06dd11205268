import type { Attributes } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Handbook } from '../../schemas/handbook.js';
import { ATTR } from '../../schemas/semconv.js';
import type { Mode } from '../../engine/scenarios/Scenario.js';
import { simulate } from '../../engine/simulate.js';
import { RetainingExporter } from './RetainingExporter.js';

/** A span flattened for assertions. */
export interface FlatSpan {
  name: string;
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  start: number;
  end: number;
  attrs: Attributes;
  links: Array<{ traceId: string; spanId: string; attrs: Attributes }>;
}

/** A fixed virtual start (a Monday), so runs do not depend on today's date. */
export const START_MS = Date.UTC(2025, 10, 3);

/** Flattens an SDK span. */
export function flatten(span: ReadableSpan): FlatSpan {
  return {
    name: span.name,
    service: String(span.resource.attributes['service.name']),
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    start: hrTimeToMilliseconds(span.startTime),
    end: hrTimeToMilliseconds(span.endTime),
    attrs: span.attributes,
    links: span.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId, attrs: l.attributes ?? {} })),
  };
}

/** Options of {@link run}. */
export interface RunOptions {
  scenario: string;
  customers: number;
  days: number;
  mode?: Mode;
  seed?: number;
  hopLimit?: number;
  handbook?: Handbook;
}

/** Simulates into memory and returns the flattened spans with the result. */
export async function run(opts: RunOptions) {
  const exporter = new RetainingExporter();
  const result = await simulate({ seed: 7, startMs: START_MS, ...opts, exporter });
  return { result, spans: exporter.getFinishedSpans().map(flatten) };
}

/** Spans that reached a customer (CONTRACT §1: a span with `flexix.message.intent`). */
export function messages(spans: readonly FlatSpan[], intent?: string): FlatSpan[] {
  return spans.filter((s) => s.attrs[ATTR.messageIntent] !== undefined && (intent === undefined || s.attrs[ATTR.messageIntent] === intent));
}

/** Spans of one business event. */
export function events(spans: readonly FlatSpan[], event: string): FlatSpan[] {
  return spans.filter((s) => s.attrs[ATTR.event] === event);
}

/** Protocol denials, optionally of one rule. */
export function denials(spans: readonly FlatSpan[], rule?: string): FlatSpan[] {
  return spans.filter((s) => s.attrs[ATTR.protocolDecision] === 'deny' && (rule === undefined || s.attrs[ATTR.protocolRule] === rule));
}

/** Groups spans by customer id (spans without one are left out). */
export function byCustomer(spans: readonly FlatSpan[]): Map<string, FlatSpan[]> {
  const groups = new Map<string, FlatSpan[]>();
  for (const span of spans) {
    const id = span.attrs[ATTR.customerId];
    if (typeof id !== 'string') continue;
    const list = groups.get(id);
    if (list) list.push(span);
    else groups.set(id, [span]);
  }
  return groups;
}
