import { describe, expect, it } from 'vitest';
import { toBusinessSpan } from '../../collector/analysis/toBusinessSpan.js';
import type { SpanRow } from '../../schemas/span.js';

function row(attrs: Record<string, string>, extra: Partial<SpanRow> = {}): SpanRow {
  return {
    timestampNs: 1_795_392_000_123_456_789n,
    traceId: 'ABCDEF00000000000000000000000001',
    spanId: 'ABCDEF0000000001',
    parentSpanId: '',
    traceState: '',
    spanName: 'cms.act',
    spanKind: 'Internal',
    serviceName: 'cms-service',
    resourceAttributes: {},
    scopeName: 'flexix',
    scopeVersion: '1',
    spanAttributes: attrs,
    durationNs: 2_500_000n,
    statusCode: 'Unset',
    statusMessage: '',
    events: [],
    links: [],
    ...extra,
  };
}

describe('toBusinessSpan', () => {
  it('maps Flexix attributes, parses numbers and keeps sub-millisecond start times', () => {
    const s = toBusinessSpan(
      row(
        {
          'flexix.agent': 'cms',
          'flexix.model': 'network',
          'flexix.customer.id': 'c-1',
          'flexix.phase': 'act',
          'flexix.message.intent': 'promote',
          'flexix.message.subject': 'SKU-1',
          'flexix.message.channel': 'email',
          'flexix.hop': '3',
          'flexix.journey.version': '2',
          'flexix.protocol.decision': 'deny',
          'flexix.protocol.rule': 'r1',
        },
        {
          links: [
            { traceId: 'AA000000000000000000000000000001', spanId: 'BB00000000000001', traceState: '', attributes: { 'flexix.link.type': 'context_read' } },
            { traceId: 'aa000000000000000000000000000002', spanId: 'bb00000000000002', traceState: '', attributes: {} },
          ],
        },
      ),
    );
    expect(s).toMatchObject({
      traceId: 'abcdef00000000000000000000000001',
      spanId: 'abcdef0000000001',
      agent: 'cms',
      model: 'network',
      customerId: 'c-1',
      intent: 'promote',
      subject: 'SKU-1',
      channel: 'email',
      hop: 3,
      journeyVersion: 2,
      decision: 'deny',
      rule: 'r1',
      durationNs: 2_500_000,
      serviceName: 'cms-service',
      name: 'cms.act',
    });
    expect(s.startMs - 1_795_392_000_123).toBeCloseTo(0.456789, 5);
    expect(s.links).toEqual([
      { traceId: 'aa000000000000000000000000000001', spanId: 'bb00000000000001', type: 'context_read' },
      { traceId: 'aa000000000000000000000000000002', spanId: 'bb00000000000002' },
    ]);
  });

  it('takes the customer from user.id or enduser.id when flexix.customer.id is absent', () => {
    expect(toBusinessSpan(row({ 'user.id': 'u-7' })).customerId).toBe('u-7');
    expect(toBusinessSpan(row({ 'enduser.id': 'e-9' })).customerId).toBe('e-9');
    expect(toBusinessSpan(row({ 'flexix.customer.id': 'c', 'user.id': 'u' })).customerId).toBe('c');
    expect(toBusinessSpan(row({ 'flexix.customer.id': '' })).customerId).toBeUndefined();
  });

  it('drops values outside the contract instead of guessing', () => {
    const s = toBusinessSpan(row({ 'flexix.model': 'hybrid', 'flexix.hop': 'many', 'flexix.protocol.decision': 'maybe' }));
    expect(s.model).toBeUndefined();
    expect(s.hop).toBeUndefined();
    expect(s.decision).toBeUndefined();
  });
});
