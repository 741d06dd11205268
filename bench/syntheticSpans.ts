/**
 * Deterministic synthetic business-event spans for benchmarks: shaped like the engine's output (a dozen Flexix
 * attributes, a resource, a link on one span in four) so storage and decode costs are representative.
 */
import type { SpanRow } from '../schemas/span.js';

const AGENTS = ['loyalty-agent', 'chatbot', 'cms-agent', 'risk-engine', 'inventory-agent', 'holiday-journey'];
const INTENTS = ['promote', 'apologize', 'nurture', 'discount_offer', 'upgrade_offer'];

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0').slice(-width);
}

/**
 * Returns `count` rows starting at `startMs`, one span per millisecond, ids derived from `seed` and the index. Every
 * four spans are one customer's trace, each by a different agent: realistic activity without feedback loops.
 */
export function makeSyntheticSpanRows(count: number, seed = 1, startMs = Date.UTC(2026, 10, 20)): SpanRow[] {
  const rows: SpanRow[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const customer = Math.floor(i / 4);
    const agent = AGENTS[(customer + (i % 4)) % AGENTS.length]!;
    const traceId = hex(seed, 8) + hex(Math.floor(i / 4), 24);
    const ts = BigInt(startMs + i) * 1_000_000n + BigInt(i % 1000);
    rows[i] = {
      timestampNs: ts,
      traceId,
      spanId: hex(seed, 4) + hex(i, 12),
      parentSpanId: i % 4 === 0 ? '' : hex(seed, 4) + hex(i - 1, 12),
      traceState: '',
      spanName: `${agent} act`,
      spanKind: 'Internal',
      serviceName: agent,
      resourceAttributes: { 'service.name': agent, 'service.version': '1.4.2', 'telemetry.sdk.language': 'nodejs' },
      scopeName: 'flexix-engine',
      scopeVersion: '0.1.0',
      spanAttributes: {
        'flexix.model': i % 6 === 5 ? 'command' : 'network',
        'flexix.agent': agent,
        'flexix.customer.id': `cust-${seed}-${customer}`,
        'flexix.phase': 'act',
        'flexix.event': 'message.sent',
        'flexix.message.channel': 'email',
        'flexix.message.intent': INTENTS[i % INTENTS.length]!,
        'flexix.message.subject': `sku-${i % 500}`,
        'flexix.hop': String(i % 4),
        'flexix.context.keys': '["last_offer","sentiment"]',
      },
      durationNs: BigInt(1_000_000 + (i % 5000)),
      statusCode: 'Unset',
      statusMessage: '',
      events: [],
      links:
        i % 4 === 0 && i > 0
          ? [{ traceId: hex(seed, 8) + hex(Math.floor(i / 4) - 1, 24), spanId: hex(seed, 4) + hex(i - 1, 12), traceState: '', attributes: {} }]
          : [],
    };
  }
  return rows;
}
