/**
 * The running week's figures on the engine's scenarios, sent through the real OTLP path to embedded chDB one run
 * after another: after each run the report of the running week, brought up to date bucket by bucket or computed
 * whole (runs with global events), equals the report computed from every span.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryWeeklyReport } from '../../collector/query/analyses.js';
import { RunningWeekFigures, type RunningWeekSource } from '../../collector/query/RunningWeekFigures.js';
import { isoWeekRange } from '../../collector/analysis/isoWeek.js';
import { simulate } from '../../engine/simulate.js';
import { parseHandbook } from '../../schemas/handbook.js';
import { DAY, HOUR, W48 } from '../fixtures/analysis/build.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

const handbook = parseHandbook(JSON.parse(readFileSync(new URL('../../schemas/protocols.default.json', import.meta.url), 'utf8')));
const WEEK = '2026-W48';
const NOW = W48 + 6 * DAY;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ flags: { weeklyKeepInterval: 'off' } });
}, 120_000);
afterAll(() => stopTestServer(server));

describe('running week figures on scenario data', () => {
  it('equal the report from every span after each run', async () => {
    const running = new RunningWeekFigures();
    const ctx = { store: server.store, handbook, runningWeek: running, now: () => NOW };
    const runs = [
      { scenario: 'all', customers: 30, days: 2, startMs: W48 - DAY },
      { scenario: 'social-media-crisis', customers: 4, days: 1, startMs: W48 + 2 * DAY },
      { scenario: 'travel-upgrade', customers: 12, days: 1, startMs: W48 + 3 * DAY },
      { scenario: 'saas-knowledge', customers: 6, days: 1, startMs: W48 + 3 * DAY + 12 * HOUR },
      { scenario: 'runaway-loop', customers: 10, days: 1, startMs: W48 + 4 * DAY },
      { scenario: 'retail-holiday-cascade', customers: 8, days: 1, startMs: W48 + 5 * DAY },
    ] as const;
    const sources: RunningWeekSource[] = [];
    for (const [seed, run] of runs.entries()) {
      await simulate({ ...run, seed: seed + 1, endpoint: server.otlpUrl });
      sources.push((await running.figures(ctx, isoWeekRange(WEEK))).source);
      expect(await queryWeeklyReport(ctx, WEEK)).toEqual(await queryWeeklyReport({ store: server.store, handbook, now: () => NOW }, WEEK));
    }
    expect(sources[0]).toBe('computed');
    expect(sources.filter((s) => s === 'updated').length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
