/** The chain explorer's details panel: every attribute of a span as key/value rows, values as plain strings. */
import type { ChainNode } from '../../../collector/analysis/buildCausalDag.js';
import type { StoredSpan } from '../api.js';
import { formatDuration, formatTime } from './format.js';

/** A group of rows in the details panel. */
export interface DetailSection {
  title: string;
  rows: Array<[string, string]>;
}

/** Any attribute value as display text (arrays and objects as JSON). */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

function sortedRows(record: Record<string, unknown>): Array<[string, string]> {
  return Object.keys(record)
    .sort()
    .map((k) => [k, valueText(record[k])]);
}

/** Sections from the chain node alone: shown at once, before the full span arrives. */
export function nodeSections(node: ChainNode): DetailSection[] {
  const rows: Array<[string, string]> = [
    ['name', node.name],
    ['agent', node.agent],
    ['model', node.model ?? '–'],
    ['service', node.serviceName],
    ['start', `${formatTime(node.start)} UTC`],
    ['duration', formatDuration(node.durationNs / 1e6)],
    ['trace', node.traceId],
    ['span', node.spanId],
  ];
  const optional: Array<[string, string | number | undefined]> = [
    ['customer', node.customerId],
    ['phase', node.phase],
    ['event', node.event],
    ['intent', node.intent],
    ['channel', node.channel],
    ['subject', node.subject],
    ['journey', node.journeyId],
    ['step', node.journeyStep],
    ['rule', node.rule],
    ['decision', node.decision],
    ['hop', node.hop],
    ['outcome', node.outcome],
  ];
  for (const [k, v] of optional) if (v !== undefined) rows.push([k, String(v)]);
  return [{ title: 'Span', rows }];
}

/** Every section of a stored span: header, attributes, resource, scope, events, links. */
export function spanSections(span: StoredSpan): DetailSection[] {
  const sections: DetailSection[] = [
    {
      title: 'Span',
      rows: [
        ['name', span.name],
        ['kind', span.kind],
        ['service', span.serviceName],
        ['start', `${formatTime(span.start)} UTC`],
        ['duration', formatDuration(span.durationNs / 1e6)],
        ['status', span.statusMessage ? `${span.status}: ${span.statusMessage}` : span.status],
        ['trace', span.traceId],
        ['span', span.spanId],
        ['parent', span.parentSpanId || '–'],
      ],
    },
    { title: 'Attributes', rows: sortedRows(span.attributes) },
    { title: 'Resource', rows: sortedRows(span.resource) },
    { title: 'Scope', rows: [['name', span.scope.name], ['version', span.scope.version]] },
  ];
  span.events.forEach((e, i) => sections.push({ title: `Event ${i + 1}: ${e.name}`, rows: [['time', `${formatTime(e.time)} UTC`], ...sortedRows(e.attributes)] }));
  span.links.forEach((l, i) => sections.push({ title: `Link ${i + 1}`, rows: [['trace', l.traceId], ['span', l.spanId], ...sortedRows(l.attributes)] }));
  return sections;
}
