import { describe, expect, it } from 'vitest';
import { createFlexixMetrics } from '../../collector/metrics/index.js';
import { parseExposition } from './exposition.js';

describe('FlexixMetrics', () => {
  it('counts OTLP requests, throttling, inserts and storage errors, and keeps each server\'s registry apart', async () => {
    const metrics = createFlexixMetrics();
    const other = createFlexixMetrics();
    metrics.onOtlpRequest({ accepted: 10, rejected: 2, status: 200 });
    metrics.onOtlpRequest({ accepted: 0, rejected: 0, status: 429 });
    metrics.batchWriterObserver.onInsert?.(10, 12);
    metrics.batchWriterObserver.onInsertError?.(5, new Error('down'));
    metrics.trackQueueDepth(() => 7);
    metrics.setActiveLoops([{ agents: 'a>b', active: 2, runaway: 1 }]);
    metrics.countDenials('loop-breaker', 3);
    const samples = parseExposition(await metrics.registry.metrics());
    const value = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(value('flexix_ingest_spans_received_total')).toBe(12);
    expect(value('flexix_ingest_spans_rejected_total')).toBe(2);
    expect(value('flexix_ingest_throttled_total', { code: '429' })).toBe(1);
    expect(value('flexix_ingest_batch_spans_sum')).toBe(10);
    expect(value('flexix_ingest_insert_duration_seconds_sum')).toBeCloseTo(0.012);
    expect(value('flexix_storage_errors_total', { operation: 'insert' })).toBe(1);
    expect(value('flexix_ingest_queue_spans')).toBe(7);
    expect(value('flexix_loops_runaway', { agents: 'a>b' })).toBe(1);
    expect(value('flexix_protocol_denials_total', { rule: 'loop-breaker' })).toBe(3);
    metrics.setActiveLoops([]);
    expect(parseExposition(await metrics.registry.metrics()).some((s) => s.name === 'flexix_loops_active')).toBe(false);
    expect(parseExposition(await other.registry.metrics()).find((s) => s.name === 'flexix_ingest_spans_received_total')?.value).toBe(0);
  });
});
