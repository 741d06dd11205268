import { simulate } from '../engine/simulate.js';
import { RetainingExporter } from '../test/engine/RetainingExporter.js';
const exporter = new RetainingExporter();
const r = await simulate({ scenario: process.argv[2] ?? 'all', customers: Number(process.argv[3] ?? 1000), days: Number(process.argv[4] ?? 28), seed: 1, exporter, startMs: Date.UTC(2025, 10, 3) });
console.log(r);
const spans = exporter.getFinishedSpans();
const counts = new Map<string, number>();
for (const s of spans) { const k = `${s.resource.attributes['service.name']} | ${s.name}`; counts.set(k, (counts.get(k) ?? 0) + 1); }
console.log([...counts].sort().map(([k, v]) => `${v}\t${k}`).join('\n'));
