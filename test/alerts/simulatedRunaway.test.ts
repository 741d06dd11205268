/**
 * The operator's check: `flexix simulate --scenario runaway-loop` against `flexix serve --alert-webhook` pages the
 * webhook, even though the simulation stamps its spans with past (virtual) times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../engine/simulate.js';
import { stopTestServer, startTestServer, type TestServer } from '../support/testServer.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver.js';

let receiver: WebhookReceiver;
let server: TestServer;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  server = await startTestServer({ flags: { alertWebhook: [receiver.url], alertInterval: '1s' } });
});
afterAll(async () => {
  await stopTestServer(server);
  await receiver.close();
});

describe('runaway loop from the simulator', () => {
  it('pages the webhook with FlexixRunawayLoop within seconds of the spans being stored', async () => {
    await simulate({ scenario: 'runaway-loop', customers: 60, days: 3, seed: 3, endpoint: server.otlpUrl });
    const stored = performance.now();
    const { alert, atMs } = await receiver.waitFor((a) => a.labels.alertname === 'FlexixRunawayLoop', 15_000);
    expect(atMs - stored).toBeLessThan(10_000);
    expect(alert.labels.severity).toBe('critical');
    expect(alert.labels.agents).toMatch(/marketing-agent/);
    expect(alert.labels.customer).toMatch(/^rl-/);
  }, 60_000);
});
