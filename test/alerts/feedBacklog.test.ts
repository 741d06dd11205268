/**
 * Loop alerts fed by ingest hold the spans handed over until they are evaluated. Under heavy ingest an evaluation
 * starts as soon as `maxFeedBacklog` spans wait, instead of at the end of the interval, so that memory stays bounded.
 */
import { describe, expect, it } from 'vitest';
import { makeSyntheticSpanRows } from '../../bench/syntheticSpans.js';
import { startLoopAlerts } from '../../collector/alerts/index.js';
import { silentLogger } from '../../collector/logger.js';
import { createFlexixMetrics } from '../../collector/metrics/index.js';

async function evaluations(metrics: ReturnType<typeof createFlexixMetrics>): Promise<number> {
  const metric = await metrics.registry.getSingleMetric('flexix_alert_evaluation_duration_seconds')!.get();
  const values = metric.values as Array<{ metricName?: string; value: number }>;
  return values.find((v) => v.metricName === 'flexix_alert_evaluation_duration_seconds_count')?.value ?? 0;
}

describe('loop alerts fed by ingest', () => {
  it('evaluate early once maxFeedBacklog spans wait, not before', async () => {
    const metrics = createFlexixMetrics();
    const alerts = startLoopAlerts({
      feed: true,
      maxFeedBacklog: 1000,
      store: { getBusinessSpans: () => Promise.reject(new Error('fed alerts do not read the store')) },
      metrics,
      webhooks: [],
      intervalMs: 3_600_000,
      uiBaseUrl: 'http://127.0.0.1:8080',
      logger: silentLogger,
    });
    try {
      const rows = makeSyntheticSpanRows(1600);
      alerts.accept(rows.slice(0, 600))();
      await new Promise((r) => setTimeout(r, 20));
      expect(await evaluations(metrics)).toBe(0);
      alerts.accept(rows.slice(600, 1200))();
      await expect.poll(() => evaluations(metrics)).toBe(1);
      // The backlog was taken by that evaluation: 400 more spans are not enough for another.
      alerts.accept(rows.slice(1200))();
      await new Promise((r) => setTimeout(r, 20));
      expect(await evaluations(metrics)).toBe(1);
    } finally {
      await alerts.stop();
    }
  });
});
