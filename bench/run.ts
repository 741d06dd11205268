/**
 * `npm run bench`: every benchmark of the project, each printed next to the same run's raw-ClickHouse baseline so
 * figures read as ratios. Parts can be chosen: `npm run bench -- ingest engine`.
 */
import { benchIngest } from './ingest.js';
import { benchEngine } from './engine.js';
import { benchQueries, RANGE_DAYS, RANGE_VIEWS } from './query.js';
import { benchAlerts } from './alerts.js';
import { benchUiChain } from './ui.js';

const parts = process.argv.slice(2);
const wants = (name: string) => parts.length === 0 || parts.includes(name);

if (wants('ingest')) {
  // Two client shapes: a few SDK-sized requests at a time, and an OpenTelemetry Collector with its defaults (batch
  // processor: 8,192 spans per request; sending queue: 10 consumers). A client only ever has so many spans in flight,
  // and the inserts can be no larger than that: this is what the two rows show.
  const shapes = [
    { connections: Number(process.env.BENCH_CONNECTIONS ?? 8), spansPerRequest: 2000, label: 'SDK-sized requests' },
    { connections: 10, spansPerRequest: 8192, label: 'OTel Collector defaults' },
  ];
  for (const shape of shapes) {
    console.log(
      `ingest: 400,000 spans as OTLP protobuf, ${shape.connections} connections x ${shape.spansPerRequest.toLocaleString('en')} spans (${shape.label}), to flexix serve on embedded chDB ...`,
    );
    const r = await benchIngest(400_000, shape.connections, shape.spansPerRequest);
    console.log(`  end to end      ${Math.round(r.endToEndSpansPerSecond).toLocaleString('en')} spans/s (acknowledged and counted in storage)`);
    console.log(`  raw chDB TSV    ${Math.round(r.rawSpansPerSecond).toLocaleString('en')} spans/s (same rows, same schema, FORMAT TabSeparated)`);
    console.log(`  ratio           ${r.ratio.toFixed(2)} of raw`);
    console.log(`  server peak RSS ${Math.round(r.serverPeakRssMiB)} MiB; client retries after 429/503: ${r.retries}`);
  }
}

if (wants('engine')) {
  console.log('engine: all scenarios simulated, spans serialized to OTLP protobuf ...');
  const r = await benchEngine();
  console.log(`  generated       ${Math.round(r.spansPerSecond).toLocaleString('en')} spans/s (${r.spans.toLocaleString('en')} spans in ${r.seconds.toFixed(1)} s)`);
}

if (wants('query')) {
  for (const size of [1_000_000, 10_000_000]) {
    console.log(`query: store of ${size.toLocaleString('en')} spans (INSERT ... SELECT through the materialized views) ...`);
    const r = await benchQueries(size);
    const ms = (v: number) => `${Math.round(v).toLocaleString('en')} ms`;
    const merged = r.mergeSeconds === undefined ? 'merges still running after 300 s' : `merges settled ${r.mergeSeconds} s later`;
    console.log(`  generated in    ${r.insertSeconds.toFixed(1)} s; ${merged}`);
    console.log(`  customer chain  p50 ${ms(r.chainP50Ms)} via API (target < 50 ms); raw lookup of the customer's spans p50 ${ms(r.customerLookupP50Ms)}`);
    console.log(`  loop scan 5 min ${ms(r.loopScanMs)} for 1M spans (target < 500 ms), the first request ${ms(r.loopScanFirstMs)}; ${r.loopCustomers} looping customers found; raw count of the window ${ms(r.loopWindowCountMs)}`);
    console.log(`  weekly report   ${ms(r.weeklyLastWeekMs)} last week's, first asked, its two weeks' figures kept (target < 1,000 ms); raw count of the week ${ms(r.weekCountMs)}`);
    console.log(`                  ${ms(r.weeklyKeepMs)} to compute and keep those two weeks (the collector's background pass)`);
    console.log(`                  ${ms(r.weeklyReportMs)} this week's, first asked on a store where nothing is kept (this week computed whole, as the background pass does once)`);
    console.log(`                  ${ms(r.weeklyReportRepeatMs)} asked again (nothing changed); ${ms(r.weeklyReportAfterNewSpanMs)} after a new span (1 customer bucket computed again); ${ms(r.weeklyReportAfterCustomersMs)} after spans of 100 new customers (${r.weeklyCustomersBuckets} buckets); ${ms(r.weeklyReportAfterGlobalMs)} after a global out-of-stock event`);
    console.log(`                  ${ms(r.weeklyReportAfterRestartMs)} first asked by a collector started again (the running week kept at shutdown read from the store, a new span's bucket computed again)`);
    console.log(`  conflicts, week ${ms(r.conflictsWeekMs)} (target < 1,000 ms), the first request ${ms(r.conflictsWeekFirstMs)}; ${r.conflicts} violations found`);
    console.log(`  network map, week ${ms(r.pathsWeekMs)}, the first request ${ms(r.pathsWeekFirstMs)}; ${r.transitions.toLocaleString('en')} transitions counted`);
    const days = RANGE_DAYS.join(' / ');
    console.log(`  views over the last ${days} days, first request (no target):`);
    for (const view of RANGE_VIEWS) console.log(`    ${view.padEnd(15)} ${r.rangeViewsMs[view].map(ms).join(' / ')}`);
    console.log(`    raw count      ${r.rangeCountMs.map(ms).join(' / ')}`);
  }
}

if (wants('alerts')) {
  console.log('alerts: a loop posted while other traffic is ingested; webhook receiver on loopback ...');
  const r = await benchAlerts();
  console.log(`  alert latency   ${(r.latencyMs / 1000).toFixed(1)} s from the ack of the 3rd iteration (target <= 10 s)`);
  console.log(`  background      ${Math.round(r.backgroundSpansPerSecond).toLocaleString('en')} spans/s acknowledged meanwhile`);
}

if (wants('ui')) {
  console.log('ui: chain explorer with a 5,000-node chain in Debian Chromium ...');
  const r = await benchUiChain();
  console.log(`  time to interactive ${Math.round(r.ms)} ms for ${r.nodes.toLocaleString('en')} nodes (target < 1,000 ms)`);
}
