import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../collector/logger.js';
import { WebhookNotifier, type AlertmanagerAlert } from '../../collector/alerts/index.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver.js';

const alert = (customer: string): AlertmanagerAlert => ({
  labels: { alertname: 'FlexixFeedbackLoop', agents: 'a>b', customer, severity: 'warning' },
  annotations: {},
  startsAt: new Date(0).toISOString(),
  generatorURL: 'http://flexix/#/loops',
});

let receiver: WebhookReceiver | undefined;
afterEach(async () => receiver?.close());

describe('WebhookNotifier', () => {
  it('retries with backoff while the receiver fails, in order, without blocking the sender', async () => {
    receiver = await startWebhookReceiver({ failFirst: 3 });
    const outcomes: string[] = [];
    const notifier = new WebhookNotifier({ urls: [receiver.url], logger: silentLogger, retry: { initialDelayMs: 20 }, onOutcome: (o) => outcomes.push(o) });
    const began = performance.now();
    notifier.send([alert('c1')]);
    notifier.send([alert('c2')]);
    expect(performance.now() - began).toBeLessThan(5); // send only queues
    await receiver.waitFor((a) => a.labels.customer === 'c2', 5_000);
    expect(receiver.batches.map((b) => b.status)).toEqual([503, 503, 503, 200, 200]);
    expect(receiver.accepted().map((a) => a.labels.customer)).toEqual(['c1', 'c2']);
    await notifier.close();
    expect(outcomes).toEqual(['sent', 'sent']);
  });

  it('gives up after maxAttempts, and at once on a 4xx other than 429', async () => {
    receiver = await startWebhookReceiver({ failFirst: 100 });
    const outcomes: string[] = [];
    const notifier = new WebhookNotifier({ urls: [receiver.url], logger: silentLogger, retry: { initialDelayMs: 5, maxAttempts: 3 }, onOutcome: (o) => outcomes.push(o) });
    notifier.send([alert('c1')]);
    await notifier.close();
    expect(receiver.batches).toHaveLength(3);
    expect(outcomes).toEqual(['failed']);

    const rejecting = await startWebhookReceiver({ failFirst: 100, failStatus: 400 });
    const strict = new WebhookNotifier({ urls: [rejecting.url], logger: silentLogger, retry: { initialDelayMs: 5 }, onOutcome: (o) => outcomes.push(o) });
    strict.send([alert('c1')]);
    await strict.close();
    await rejecting.close();
    expect(rejecting.batches).toHaveLength(1);
    expect(outcomes).toEqual(['failed', 'failed']);
  });

  it('drops the oldest batch when a dead receiver\'s queue is full', async () => {
    const outcomes: string[] = [];
    const notifier = new WebhookNotifier({
      urls: ['http://127.0.0.1:9/api/v2/alerts'],
      logger: silentLogger,
      retry: { initialDelayMs: 60_000, maxQueuedBatches: 2 },
      onOutcome: (o) => outcomes.push(o),
    });
    for (const c of ['c1', 'c2', 'c3', 'c4']) notifier.send([alert(c)]);
    await notifier.close(200);
    // c1 and c2 are pushed out by c3 and c4; c3 is still retrying and c4 waiting when close gives up on them.
    expect(outcomes).toEqual(['failed', 'failed', 'failed', 'failed']);
  });
});
