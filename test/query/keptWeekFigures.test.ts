/**
 * The weekly report's figures of weeks that are over are kept in the store (`flexix_week_figures`, embedded chDB): a
 * report of such a week is read from there by a process that never computed it, and equals the report computed from
 * the spans; a span arriving in the week, or another handbook, is never served figures kept before; a week still
 * running is never kept.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessSpan } from '../../collector/analysis/BusinessSpan.js';
import { keepWeekFigures, queryWeeklyReport, type AnalysisContext } from '../../collector/query/analyses.js';
import { WeekFiguresCache } from '../../collector/query/WeekFiguresCache.js';
import type { SpanStore } from '../../collector/store/SpanStore.js';
import { parseHandbook, type Handbook } from '../../schemas/handbook.js';
import { cycle, DAY, HOUR, message, MINUTE, toSpanRow, W48 } from '../fixtures/analysis/build.js';
import { recordingStore } from '../support/recordingStore.js';
import { startTestServer, stopTestServer, type TestServer } from '../support/testServer.js';

const defaults = JSON.parse(readFileSync(new URL('../../schemas/protocols.default.json', import.meta.url), 'utf8')) as { rules: unknown[] };
const handbook: Handbook = parseHandbook(defaults);
/** Wednesday of 2026-W49: W48 and W47 are over. */
const NOW = W48 + 9 * DAY;

/** Per week from W47 to W49: customers promoted an hour after an apology (a violation each), and one loop. */
function weeksOfActivity(): BusinessSpan[] {
  const spans: BusinessSpan[] = [];
  for (let week = -1; week <= 1; week++) {
    const monday = W48 + week * 7 * DAY;
    for (let c = 0; c < 5 + week; c++) {
      const customer = `c-${week}-${c}`;
      spans.push(message(customer, 'care', 'apologize', monday + (c + 1) * HOUR));
      spans.push(message(customer, 'marketing', 'promote', monday + (c + 2) * HOUR, { outcome: 'converted' }));
    }
    spans.push(...cycle({ customerId: `loop-${week}`, agents: ['care', 'loyalty'], iterations: 4, startMs: monday + 2 * DAY, stepMs: MINUTE, causal: true }));
  }
  return spans;
}

let server: TestServer;
/** Weeks computed through `counted` (calls of the store's weekly activity query, by week start). */
let computed: unknown[];
let counted: SpanStore;

beforeAll(async () => {
  server = await startTestServer({ flags: { weeklyKeepInterval: 'off' } });
  await server.store.insertEncoded([server.store.encodeSpans(weeksOfActivity().map(toSpanRow))]);
  ({ store: counted, calls: computed } = recordingStore(server.store, 'getWeekActivity'));
}, 120_000);
afterAll(() => stopTestServer(server));

/** A context as a freshly started API has it: an empty cache. */
const freshApi = (now = NOW, book = handbook): AnalysisContext => ({ store: counted, handbook: book, weekCache: new WeekFiguresCache(), now: () => now });
/** The report computed from the spans, nothing reused. */
const fromSpans = (week: string) => queryWeeklyReport({ store: server.store, handbook }, week);

describe('weekly figures kept in the store', () => {
  it('are computed once for a week that is over, then read by any process, equal to the report from the spans', async () => {
    const keeper: AnalysisContext = { store: counted, handbook, now: () => NOW };
    expect(await keepWeekFigures(keeper, '2026-W48')).toBe('computed');
    expect(await keepWeekFigures(keeper, '2026-W47')).toBe('computed');
    expect(await keepWeekFigures(keeper, '2026-W48')).toBe('stored');
    expect(computed).toEqual([W48, W48 - 7 * DAY]);

    const report = await queryWeeklyReport(freshApi(), '2026-W48');
    expect(computed).toHaveLength(2);
    expect(report.conflicts.total).toEqual({ current: 5, previous: 4, delta: 1 });
    expect(report.loops.total.current).toBe(1);
    expect(report.outcomes).toEqual([{ outcome: 'converted', current: 5, previous: 4, delta: 1 }]);
    expect(report).toEqual(await fromSpans('2026-W48'));
  });

  it('are computed again once a span arrives in the week', async () => {
    computed.length = 0;
    const t = W48 + 3 * DAY;
    const late = [message('late', 'care', 'apologize', t), message('late', 'marketing', 'promote', t + HOUR)];
    await server.store.insertEncoded([server.store.encodeSpans(late.map(toSpanRow))]);
    const report = await queryWeeklyReport(freshApi(), '2026-W48');
    expect(computed).toEqual([W48]);
    expect(report.conflicts.total).toEqual({ current: 6, previous: 4, delta: 2 });
    expect(report).toEqual(await fromSpans('2026-W48'));
    // Kept again for the new spans.
    expect(await keepWeekFigures({ store: counted, handbook, now: () => NOW }, '2026-W48')).toBe('stored');
  });

  it('are not read under another handbook', async () => {
    computed.length = 0;
    const other = parseHandbook({ rules: defaults.rules.filter((r) => (r as { id: string }).id !== 'promo-after-apology') });
    const report = await queryWeeklyReport(freshApi(NOW, other), '2026-W48');
    expect(computed).toHaveLength(2);
    expect(report.conflicts.total.current).toBe(0);
  });

  it('are not kept for a week still running', async () => {
    computed.length = 0;
    const running: AnalysisContext = { store: counted, handbook, now: () => NOW };
    expect(await keepWeekFigures(running, '2026-W49')).toBe('computed');
    expect(await queryWeeklyReport(freshApi(), '2026-W49')).toEqual(await fromSpans('2026-W49'));
    expect(computed).toEqual([W48 + 7 * DAY, W48 + 7 * DAY]);
    // Once it is over, it is kept.
    const later: AnalysisContext = { store: counted, handbook, now: () => NOW + 7 * DAY };
    expect(await keepWeekFigures(later, '2026-W49')).toBe('computed');
    expect(await keepWeekFigures(later, '2026-W49')).toBe('stored');
  });
});
