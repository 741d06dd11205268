/**
 * Loop alerts end to end: OTLP ingest into embedded chDB, the incremental evaluator on a controlled clock, a local
 * Alertmanager stand-in, and `/metrics` parsed as Prometheus exposition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertmanagerAlert } from '../../collector/alerts/index.js';
import { jsonRequest, postJson } from '../support/otlpRequests.js';
import { startAlertingServer, type AlertingServer } from './alertingServer.js';
import { cycleSteps, stepSpan } from './loopSpans.js';
import { parseExposition } from '../metrics/exposition.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LOOP = ['care-agent', 'loyalty-agent', 'marketing-agent'];

let receiver: WebhookReceiver;
let server: AlertingServer;
/** The evaluator's clock; spans are stamped relative to it. */
let clock = Date.now() - 12 * HOUR;

async function post(spans: Array<Record<string, unknown>>): Promise<void> {
  const res = await postJson(server.otlpUrl, jsonRequest(spans));
  expect(res.status).toBe(200);
}

async function evaluateAt(ms: number): Promise<void> {
  clock = ms;
  await server.alerts.evaluateNow();
}

/** Lets queued webhook deliveries reach the receiver. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

const alertsOf = (customer: string, alertname?: string): AlertmanagerAlert[] =>
  receiver.accepted().filter((a) => a.labels.customer === customer && (alertname === undefined || a.labels.alertname === alertname));
/** A firing alert is valid until after it was sent; a resolved one ended when it was sent (at the latest). */
const firing = (alerts: AlertmanagerAlert[]) => alerts.filter((a) => Date.parse(a.endsAt!) > clock);
const resolved = (alerts: AlertmanagerAlert[]) => alerts.filter((a) => Date.parse(a.endsAt!) <= clock);

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  // A long interval: the test drives evaluations itself; re-sends are pushed out of the test's virtual day.
  server = await startAlertingServer({ webhooks: [receiver.url], intervalMs: HOUR, now: () => clock, resendIntervalMs: 24 * HOUR });
  await evaluateAt(clock);
});

afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

describe('loop alerts', () => {
  it('a loop reaching runaway fires one alert per severity, once, and its end resolves them', async () => {
    const customer = 'cust-runaway';
    const start = clock + MINUTE;
    const first = cycleSteps(LOOP, customer, 2, start, MINUTE);
    await post(first.spans);
    await evaluateAt(first.nextAtMs);
    await settle();
    expect(alertsOf(customer)).toEqual([]); // 2 iterations: pending only

    const third = cycleSteps(LOOP, customer, 1, first.nextAtMs, MINUTE, first.last);
    await post(third.spans);
    await evaluateAt(third.nextAtMs);
    const { alert } = await receiver.waitFor((a) => a.labels.customer === customer);
    expect(alert.labels).toEqual({ alertname: 'FlexixFeedbackLoop', agents: 'care-agent>loyalty-agent>marketing-agent', customer, severity: 'warning' });
    expect(alert.annotations.iterations).toBe('3');
    expect(alert.annotations.evidence).toBe('causal');
    expect(alert.annotations.ui_url).toContain('customer=cust-runaway');
    expect(alert.generatorURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(Date.parse(alert.startsAt)).toBe(third.nextAtMs - MINUTE);

    const rest = cycleSteps(LOOP, customer, 9, third.nextAtMs, MINUTE, third.last);
    await post(rest.spans.slice(0, 9)); // iterations 4-6
    await evaluateAt(rest.nextAtMs - 18 * MINUTE);
    await post(rest.spans.slice(9)); // iterations 7-12
    await evaluateAt(rest.nextAtMs);
    const runaway = await receiver.waitFor((a) => a.labels.customer === customer && a.labels.alertname === 'FlexixRunawayLoop');
    expect(runaway.alert.labels.severity).toBe('critical');
    expect(Number(runaway.alert.annotations.iterations)).toBe(12);
    expect(runaway.alert.annotations.rate).toMatch(/^[\d.]+ iterations\/min$/);

    await evaluateAt(rest.nextAtMs + MINUTE); // nothing new: no repeat
    await settle();
    expect(firing(alertsOf(customer, 'FlexixFeedbackLoop'))).toHaveLength(1);
    expect(firing(alertsOf(customer, 'FlexixRunawayLoop'))).toHaveLength(1);

    // The last step was at rest.nextAtMs - 1 min; 10 minutes without a step ends the loop.
    await evaluateAt(rest.nextAtMs + 8 * MINUTE);
    await settle();
    expect(resolved(alertsOf(customer))).toEqual([]);
    await evaluateAt(rest.nextAtMs + 10 * MINUTE);
    await receiver.waitFor((a) => a.labels.customer === customer && Date.parse(a.endsAt!) === clock && a.labels.alertname === 'FlexixRunawayLoop');
    await settle();
    const ended = resolved(alertsOf(customer));
    expect(ended.map((a) => a.labels.alertname).sort()).toEqual(['FlexixFeedbackLoop', 'FlexixRunawayLoop']);
    expect(ended.every((a) => a.startsAt === alertsOf(customer, a.labels.alertname)[0]!.startsAt)).toBe(true);
    expect(alertsOf(customer)).toHaveLength(4);
  });

  it('alerts on a journey repeating one step, and not on the look-alikes', async () => {
    const t0 = clock + HOUR;
    // A journey walking distinct steps (not a loop) and one repeating a step (a loop).
    const journey = ['welcome', 'survey', 'recommend', 'upsell', 'renewal', 'winback', 'referral', 'review', 'loyalty'].map((journeyStep, i) =>
      stepSpan({ agent: 'onboarding', journeyStep, customerId: 'cust-journey', atMs: t0 + i * MINUTE }).span,
    );
    const repeated = [0, 1, 2].map((i) => stepSpan({ agent: 'onboarding', journeyStep: 'reminder', customerId: 'cust-repeat-step', atMs: t0 + i * MINUTE }).span);
    // A cycle that only exists when customers are aggregated: A, B, A, B... each for another customer.
    const aggregated = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => stepSpan({ agent: i % 2 ? 'agent-b' : 'agent-a', customerId: `cust-agg-${i}`, atMs: t0 + i * MINUTE }).span);
    // Only two iterations.
    const two = cycleSteps(['agent-a', 'agent-b'], 'cust-two', 2, t0, MINUTE);
    await post([...journey, ...repeated, ...aggregated, ...two.spans]);
    await evaluateAt(t0 + 10 * MINUTE);

    // Agents alternating hours apart: each step is seen by its own evaluation.
    for (let i = 0; i < 6; i++) {
      const atMs = t0 + 11 * MINUTE + i * 2 * HOUR;
      await post([stepSpan({ agent: i % 2 ? 'agent-b' : 'agent-a', customerId: 'cust-slow', atMs }).span]);
      await evaluateAt(atMs + MINUTE);
    }
    await settle();

    const repeatAlert = await receiver.waitFor((a) => a.labels.customer === 'cust-repeat-step');
    expect(repeatAlert.alert.labels.agents).toBe('onboarding#reminder');
    const customers = new Set(receiver.accepted().map((a) => a.labels.customer));
    expect([...customers].sort()).toEqual(['cust-repeat-step', 'cust-runaway']);
  });

  it('exposes ingest, loop and alert metrics as Prometheus text', async () => {
    // One more valid span and one the receiver drops (partial success).
    await post([stepSpan({ agent: 'agent-a', customerId: 'cust-metrics', atMs: clock }).span, { ...stepSpan({ agent: 'agent-a', customerId: 'x', atMs: clock }).span, traceId: 'not-hex' }]);
    const res = await fetch(server.metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseExposition(await res.text());
    const value = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    // 36 runaway + 9 journey + 3 repeated + 8 aggregated + 4 two-iteration + 6 slow + 1 above.
    expect(value('flexix_ingest_spans_accepted_total')).toBe(67);
    expect(value('flexix_ingest_spans_rejected_total')).toBe(1);
    expect(value('flexix_ingest_spans_received_total')).toBe(68);
    expect(value('flexix_ingest_requests_total', { code: '200' })).toBeGreaterThan(5);
    expect(value('flexix_ingest_batch_spans_count')).toBeGreaterThan(0);
    expect(value('flexix_ingest_insert_duration_seconds_count')).toBeGreaterThan(0);
    expect(value('flexix_ingest_queue_spans')).toBe(0);
    expect(value('flexix_ingest_throttled_total', { code: '429' })).toBe(0);
    expect(value('flexix_storage_errors_total', { operation: 'insert' })).toBe(0);
    expect(value('flexix_alert_notifications_total', { outcome: 'sent' })).toBeGreaterThanOrEqual(5);
    expect(value('flexix_alert_notifications_total', { outcome: 'failed' })).toBe(0);
    expect(value('flexix_alert_evaluation_duration_seconds_count')).toBeGreaterThan(5);
    expect(value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    // Hours of virtual time have passed since the runaway loop ended: its gauge series is gone.
    expect(samples.some((s) => s.name === 'flexix_loops_active' && s.labels.agents === 'care-agent>loyalty-agent>marketing-agent')).toBe(false);
  });

  it('shows an active loop in the loop gauges while it runs', async () => {
    const steps = cycleSteps(LOOP, 'cust-gauge', 10, clock + MINUTE, MINUTE);
    await post(steps.spans);
    await evaluateAt(steps.nextAtMs);
    const samples = parseExposition(await (await fetch(server.metricsUrl)).text());
    const agents = 'care-agent>loyalty-agent>marketing-agent';
    expect(samples.find((s) => s.name === 'flexix_loops_active' && s.labels.agents === agents)?.value).toBe(1);
    expect(samples.find((s) => s.name === 'flexix_loops_runaway' && s.labels.agents === agents)?.value).toBe(1);
    expect(samples.find((s) => s.name === 'flexix_alerts_firing' && s.labels.alertname === 'FlexixRunawayLoop')?.value).toBe(1);
  });
});
