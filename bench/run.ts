/**
 * `npm run bench`: every benchmark of the project, each printed next to the same run's raw-ClickHouse baseline so
 * figures read as ratios. Parts can be chosen: `npm run bench -- ingest engine`.
 */
import { benchIngest } from './ingest.js';
import { benchEngine } from './engine.js';

const parts = process.argv.slice(2);
const wants = (name: string) => parts.length === 0 || parts.includes(name);

if (wants('ingest')) {
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
  console.log(`ingest: 400,000 spans as OTLP protobuf, ${connections} connections, to flexix serve on embedded chDB ...`);
  const r = await benchIngest(400_000, connections);
  console.log(`  end to end      ${Math.round(r.endToEndSpansPerSecond).toLocaleString('en')} spans/s (acknowledged and counted in storage)`);
  console.log(`  raw chDB TSV    ${Math.round(r.rawSpansPerSecond).toLocaleString('en')} spans/s (same rows, same schema, FORMAT TabSeparated)`);
  console.log(`  ratio           ${r.ratio.toFixed(2)} of raw`);
  console.log(`  server peak RSS ${Math.round(r.serverPeakRssMiB)} MiB; client retries after 429/503: ${r.retries}`);
}

if (wants('engine')) {
  console.log('engine: all scenarios simulated, spans serialized to OTLP protobuf ...');
  const r = await benchEngine();
  console.log(`  generated       ${Math.round(r.spansPerSecond).toLocaleString('en')} spans/s (${r.spans.toLocaleString('en')} spans in ${r.seconds.toFixed(1)} s)`);
}
