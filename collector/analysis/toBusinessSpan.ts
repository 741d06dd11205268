import { ATTR, CUSTOMER_ID_ATTRS, LINK_TYPE_ATTR } from '../../schemas/semconv.js';
import type { SpanRow } from '../../schemas/span.js';
import { createBusinessSpan, type BusinessSpan } from './BusinessSpan.js';

const NS_PER_MS = 1_000_000n;

/** Epoch ns → epoch ms keeping the sub-millisecond part; the split avoids losing precision in one big Number(). */
function nsToMs(ns: bigint): number {
  return Number(ns / NS_PER_MS) + Number(ns % NS_PER_MS) / 1e6;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function parseInteger(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) ? n : undefined;
}

function parseModel(value: string | undefined): 'command' | 'network' | undefined {
  return value === 'command' || value === 'network' ? value : undefined;
}

/**
 * Maps one stored `otel_traces` row to a {@link BusinessSpan}: ids lower-cased, the customer id taken from
 * `flexix.customer.id`, else `user.id`, else `enduser.id`; hop and journey version parsed as integers; values outside
 * the contract's enumerations (model, decision) dropped rather than guessed. Absent attributes are `undefined` fields
 * (see {@link createBusinessSpan} for why every span has the same shape).
 */
export function toBusinessSpan(row: SpanRow): BusinessSpan {
  const a = row.spanAttributes;
  const get = (key: string): string | undefined => nonEmpty(a[key]);
  let customerId: string | undefined;
  for (const key of CUSTOMER_ID_ATTRS) {
    customerId = get(key);
    if (customerId !== undefined) break;
  }
  const decision = get(ATTR.protocolDecision);
  return createBusinessSpan({
    traceId: row.traceId.toLowerCase(),
    spanId: row.spanId.toLowerCase(),
    parentSpanId: row.parentSpanId.toLowerCase(),
    name: row.spanName,
    serviceName: row.serviceName,
    startMs: nsToMs(row.timestampNs),
    durationNs: Number(row.durationNs),
    agent: get(ATTR.agent),
    model: parseModel(get(ATTR.model)),
    customerId,
    phase: get(ATTR.phase),
    event: get(ATTR.event),
    journeyId: get(ATTR.journeyId),
    journeyStep: get(ATTR.journeyStep),
    journeyVersion: parseInteger(get(ATTR.journeyVersion)),
    channel: get(ATTR.messageChannel),
    intent: get(ATTR.messageIntent),
    subject: get(ATTR.messageSubject),
    rule: get(ATTR.protocolRule),
    decision: decision === 'allow' || decision === 'deny' ? decision : undefined,
    hop: parseInteger(get(ATTR.hop)),
    outcome: get(ATTR.outcome),
    changeId: get(ATTR.changeId),
    changeModel: parseModel(get(ATTR.changeModel)),
    changeTarget: get(ATTR.changeTarget),
    changeStage: get(ATTR.changeStage),
    links: row.links.map((l) => {
      const type = nonEmpty(l.attributes[LINK_TYPE_ATTR]);
      return type === undefined
        ? { traceId: l.traceId.toLowerCase(), spanId: l.spanId.toLowerCase() }
        : { traceId: l.traceId.toLowerCase(), spanId: l.spanId.toLowerCase(), type };
    }),
    attributes: a,
  });
}
