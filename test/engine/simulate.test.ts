import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ATTR } from '../../schemas/semconv.js';
import { registerSimulateCommand } from '../../engine/cli/simulateCommand.js';
import { resumeDemo, startDemo } from '../../engine/demo.js';
import { SCENARIOS } from '../../engine/scenarios/index.js';
import { simulate } from '../../engine/simulate.js';
import { RetainingExporter } from './RetainingExporter.js';
import { flatten, run, START_MS } from './spans.js';

describe('simulate', () => {
  it('runs every scenario for `all`, stamps virtual times inside the window and reports progress', async () => {
    const progress: Array<[number, number]> = [];
    const exporter = new RetainingExporter();
    const result = await simulate({ scenario: 'all', customers: 30, days: 7, seed: 1, startMs: START_MS, exporter, onProgress: (d, t) => progress.push([d, t]) });
    expect(Object.keys(result.perScenario)).toEqual(SCENARIOS.map((s) => s.name));
    expect(Object.values(result.perScenario).every((n) => n > 0)).toBe(true);
    const spans = exporter.getFinishedSpans().map(flatten);
    expect(spans.length).toBe(result.spans);
    expect(spans.every((s) => s.start >= START_MS && s.start <= START_MS + 7 * 86_400_000)).toBe(true);
    expect(progress.at(-1)).toEqual([progress.at(-1)![1], progress.at(-1)![1]]);
  });

  it('defaults the virtual start to `days` before now', async () => {
    const exporter = new RetainingExporter();
    const before = Date.now();
    await simulate({ scenario: 'retail-holiday-cascade', customers: 20, days: 3, seed: 1, exporter });
    const starts = exporter.getFinishedSpans().map((s) => flatten(s).start);
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(before - 3 * 86_400_000);
    expect(Math.max(...starts)).toBeLessThanOrEqual(Date.now());
  });

  it('runs only the requested mode', async () => {
    const { spans } = await run({ scenario: 'social-media-crisis', mode: 'network', customers: 30, days: 14 });
    expect(spans.some((s) => s.attrs[ATTR.model] === 'command')).toBe(false);
  });

  it('produces the same spans per scenario on worker threads as in-process', async () => {
    const request = { scenario: 'all', customers: 20, days: 5, seed: 3, startMs: START_MS, sink: 'discard' as const };
    const inProcess = await simulate(request);
    const threaded = await simulate({ ...request, workers: 2 });
    expect(threaded.perScenario).toEqual(inProcess.perScenario);
    expect(threaded.spans).toBeGreaterThan(100);
  });

  it('rejects bad options naming them', async () => {
    await expect(simulate({ scenario: 'nope', customers: 1, days: 1, seed: 1 })).rejects.toThrow(/unknown scenario "nope"/);
    await expect(simulate({ scenario: 'all', customers: 0, days: 1, seed: 1 })).rejects.toThrow(/customers/);
    await expect(simulate({ scenario: 'runaway-loop', customers: 1, days: 1, seed: 1, mode: 'command' })).rejects.toThrow(/mode "command"/);
  });
});

describe('flexix simulate command', () => {
  const parse = async (...args: string[]) => {
    const program = new Command('flexix').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    registerSimulateCommand(program);
    program.commands.forEach((c) => c.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined }));
    await program.parseAsync(['node', 'flexix', 'simulate', ...args]);
  };

  it('names the flag in validation errors', async () => {
    await expect(parse('--scenario', 'nope')).rejects.toThrow(/--scenario/);
    await expect(parse('--scenario', 'all', '--customers', '-3')).rejects.toThrow(/--customers/);
    await expect(parse('--scenario', 'all', '--days', 'x')).rejects.toThrow(/--days/);
    await expect(parse('--scenario', 'all', '--hop-limit', '-1')).rejects.toThrow(/--hop-limit/);
    await expect(parse('--scenario', 'all', '--endpoint', 'ftp://x')).rejects.toThrow(/--endpoint/);
    await expect(parse('--scenario', 'all', '--mode', 'solo')).rejects.toThrow(/--mode/);
    await expect(parse('--scenario', 'all', '--workers', '0')).rejects.toThrow(/--workers/);
    await expect(parse('--customers', '5')).rejects.toThrow(/--scenario/);
  });
});

describe('startDemo', () => {
  it('backfills history, then trickles live traffic stamped at wall-clock time', async () => {
    const exporter = new RetainingExporter();
    const logs: string[] = [];
    const demo = startDemo({ endpoint: 'http://unused', exporter, tickMs: 20, logger: (m) => logs.push(m) });
    const live = () => exporter.getFinishedSpans().some((s) => String(s.attributes[ATTR.customerId] ?? '').includes('-live'));
    for (let waited = 0; !live() && waited < 20_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    await demo.stop();
    const spans = exporter.getFinishedSpans().map(flatten);
    expect(logs.some((m) => m.includes('backfilled'))).toBe(true);
    expect(spans.some((s) => s.start < Date.now() - 7 * 86_400_000)).toBe(true);
    expect(spans.some((s) => String(s.attrs[ATTR.customerId] ?? '').includes('-live'))).toBe(true);
    // A reaction's phases follow its trigger by milliseconds, so the newest spans may lead the wall clock slightly.
    expect(spans.every((s) => s.start <= Date.now() + 60_000)).toBe(true);
  });

  it('started again on a store holding spans, backfills from the newest one with customers of its own', async () => {
    const now = Date.now();
    expect(resumeDemo(undefined, now)).toEqual({});
    expect(resumeDemo(now - 90 * 86_400_000, now).backfillFromMs).toBe(now - 21 * 86_400_000);
    expect(resumeDemo(now + 5_000, now).backfillFromMs).toBe(now);
    const resumed = resumeDemo(now - 2 * 3_600_000, now);
    expect(resumed).toMatchObject({ backfillFromMs: now - 2 * 3_600_000, runTag: expect.stringMatching(/^r[0-9a-z]+$/) });
    expect(resumed.seed).not.toBe(resumeDemo(now - 2 * 3_600_000, now + 1_000).seed);

    const exporter = new RetainingExporter();
    const logs: string[] = [];
    const demo = startDemo({ endpoint: 'http://unused', exporter, tickMs: 60_000, logger: (m) => logs.push(m), ...resumed });
    for (let waited = 0; !logs.some((m) => m.includes('backfilled')) && waited < 20_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    await demo.stop();
    expect(logs.find((m) => m.includes('backfilled'))).toMatch(/spans already stored; backfilled 0\.1 days .* from .*, customers tagged r[0-9a-z]+;/);
    const spans = exporter.getFinishedSpans().map(flatten);
    expect(spans.length).toBeGreaterThan(0);
    expect(spans.every((s) => s.start >= resumed.backfillFromMs!)).toBe(true);
    const customers = new Set(spans.flatMap((s) => (s.attrs[ATTR.customerId] === undefined ? [] : [String(s.attrs[ATTR.customerId])])));
    expect(customers.size).toBeGreaterThan(0);
    for (const c of customers) expect(c).toContain(`-${resumed.runTag}`);
  });
});
