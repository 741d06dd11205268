/** Synthetic BusinessSpan sets for the analysis benchmark (`benchAnalysis.ts`). */
import { createBusinessSpan, type BusinessSpan } from '../../collector/analysis/BusinessSpan.js';

const AGENTS = ['loyalty', 'chatbot', 'cms', 'risk', 'support', 'concierge'];
const INTENTS = ['promote', 'nurture', 'discount_offer', 'upgrade_offer', 'overbooking_apology', 'apologize'];

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` spans over `windowMs`: reactions of 5 spans (root with an optional link, sense, act, message, learn) for
 * customers picked at random; 1% of customers run a 2-agent loop. Ids are flat strings, as a JSON decoder makes them.
 */
export function syntheticBusinessSpans(count: number, windowMs = 5 * 60_000, startMs = Date.UTC(2026, 10, 23)): BusinessSpan[] {
  const random = rng(42);
  const customers = Math.max(1, Math.floor(count / 20));
  const lastAct = new Map<number, BusinessSpan>();
  const out: BusinessSpan[] = [];
  let n = 0;
  const id = (width: number): string => JSON.parse(JSON.stringify((++n).toString(16).padStart(width, '0'))) as string;
  while (out.length < count) {
    const c = Math.floor(random() * customers);
    const looping = c % 100 === 0;
    const prev = lastAct.get(c);
    const agent = looping ? (prev?.agent === 'loyalty' ? 'cms' : 'loyalty') : AGENTS[Math.floor(random() * AGENTS.length)]!;
    const t = startMs + random() * windowMs;
    const at = looping && prev ? prev.startMs + 1000 : t;
    const traceId = id(32);
    const base = { traceId, serviceName: agent, durationNs: 2_000_000, agent, model: 'network' as const, customerId: `cust-${c}`, attributes: {} };
    const root = createBusinessSpan({
      ...base, spanId: id(16), parentSpanId: '', name: `${agent}.handle`, startMs: at,
      links: prev && (looping || random() < 0.5) ? [{ traceId: prev.traceId, spanId: prev.spanId }] : [],
    });
    const sense = createBusinessSpan({ ...base, spanId: id(16), parentSpanId: root.spanId, name: 'sense', startMs: at, phase: 'sense', event: 'x.seen', links: [] });
    const act = createBusinessSpan({ ...base, spanId: id(16), parentSpanId: root.spanId, name: 'act', startMs: at + 1, phase: 'act', links: [] });
    const msg = createBusinessSpan({
      ...base, spanId: id(16), parentSpanId: act.spanId, name: 'message.sent', startMs: at + 1.5,
      intent: INTENTS[Math.floor(random() * INTENTS.length)]!, subject: `sku-${Math.floor(random() * 500)}`, channel: 'email', links: [],
    });
    const learn = createBusinessSpan({ ...base, spanId: id(16), parentSpanId: root.spanId, name: 'learn', startMs: at + 2, phase: 'learn', links: [] });
    out.push(root, sense, act, msg, learn);
    lastAct.set(c, act);
    if (random() < 0.0002)
      out.push(createBusinessSpan({ ...base, customerId: undefined, agent: 'inventory', traceId: id(32), spanId: id(16), parentSpanId: '', name: 'oos', startMs: t, event: 'inventory.out_of_stock', subject: `sku-${Math.floor(random() * 500)}`, links: [] }));
  }
  out.length = count;
  return out;
}

