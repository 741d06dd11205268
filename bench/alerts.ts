/**
 * Loop alert latency under load: the time from the ingest acknowledgement of a loop's 3rd iteration to the webhook
 * receiving its alert, while other traffic is ingested as fast as the collector takes it.
 *
 * The collector (`flexix serve --alert-webhook`, embedded chDB, default `--alert-interval` 5s) runs in a child process
 * so the load generator does not share its event loop. Background spans are live business spans (stamped at send time) of many
 * customers, three distinct agents each: real work for the evaluator, never a loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeRowsAsOtlpProto } from './otlpRequests.js';
import { makeSyntheticSpanRows } from './syntheticSpans.js';
import { jsonRequest, postJson } from '../test/support/otlpRequests.js';
import { cycleSteps, type StepRef } from '../test/alerts/loopSpans.js';
import { startWebhookReceiver } from '../test/alerts/webhookReceiver.js';
import { startCliServer, stopCliServer } from '../test/support/cliServer.js';

/** Result of {@link benchAlerts}. */
export interface AlertBenchResult {
  /** Ack of the 3rd iteration → alert at the webhook, ms. */
  latencyMs: number;
  /** Other spans acknowledged per second while the loop was detected. */
  backgroundSpansPerSecond: number;
}

const SPANS_PER_REQUEST = 2000;
const CONNECTIONS = 4;
const WARM_UP_MS = 10_000;
const LOOP = ['care-agent', 'loyalty-agent', 'marketing-agent'];

/** A background request: live spans of fresh customers (three spans, three distinct agents, per customer). */
function backgroundBody(batch: number): Uint8Array<ArrayBuffer> {
  const rows = makeSyntheticSpanRows(SPANS_PER_REQUEST, batch + 1, Date.now() - SPANS_PER_REQUEST);
  rows.forEach((row, i) => (row.spanAttributes['flexix.customer.id'] = `bg-${batch}-${Math.floor(i / 3)}`));
  return encodeRowsAsOtlpProto(rows, SPANS_PER_REQUEST)[0]!;
}

/** Starts `flexix serve --alert-webhook <webhook>` (embedded chDB in a temporary directory) as a child process. */
async function startCollectorProcess(webhook: string): Promise<{ otlpUrl: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'flexix-bench-alerts-'));
  const server = await startCliServer(dataDir, ['--alert-webhook', webhook], { showLogs: Boolean(process.env.BENCH_SERVER_LOGS) });
  return {
    otlpUrl: server.otlpUrl,
    async stop() {
      await stopCliServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs the benchmark (about 30 s). */
export async function benchAlerts(): Promise<AlertBenchResult> {
  const receiver = await startWebhookReceiver();
  const collector = await startCollectorProcess(receiver.url);
  let background = 0;
  let running = true;
  let batch = 0;
  const sendBackground = async () => {
    while (running) {
      const res = await fetch(`${collector.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: backgroundBody(batch++) });
      await res.arrayBuffer();
      if (res.status === 200) background += SPANS_PER_REQUEST;
      else if (res.status === 429 || res.status === 503) await new Promise((r) => setTimeout(r, 20));
      else throw new Error(`background request failed with ${res.status}`);
    }
  };
  try {
    const senders = Array.from({ length: CONNECTIONS }, sendBackground);
    const loadStarted = performance.now();
    await new Promise((r) => setTimeout(r, WARM_UP_MS));

    // The loop: one request per iteration, steps a second apart, each linked to the one before.
    let after: StepRef | undefined;
    let ackMs = 0;
    // Steps a second apart in span time, iterations posted as they complete: never ahead of the wall clock.
    let stepAtMs = Date.now() - 3 * LOOP.length * 1_000;
    for (let iteration = 1; iteration <= 3; iteration++) {
      const steps = cycleSteps(LOOP, 'bench-loop-customer', 1, stepAtMs, 1_000, after);
      after = steps.last;
      stepAtMs = steps.nextAtMs;
      const res = await postJson(collector.otlpUrl, jsonRequest(steps.spans));
      if (res.status !== 200) throw new Error(`loop request failed with ${res.status}`);
      ackMs = performance.now();
      if (iteration < 3) await new Promise((r) => setTimeout(r, 1_000));
    }
    const { atMs } = await receiver.waitFor((a) => a.labels.customer === 'bench-loop-customer', 60_000);
    running = false;
    await Promise.all(senders);
    return { latencyMs: atMs - ackMs, backgroundSpansPerSecond: background / ((performance.now() - loadStarted) / 1000) };
  } finally {
    running = false;
    await collector.stop();
    await receiver.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchAlerts(), null, 2));
}
