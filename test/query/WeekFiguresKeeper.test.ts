/**
 * The background keeper computes the figures of the last two weeks that are over, logs what it computed, and keeps
 * them (a second pass finds them kept), and brings the running week's figures up to date, but not while ingest is near
 * capacity; the kept JSON gives back the figures, maps included.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { weekActivityOf } from '../../collector/analysis/buildWeeklyReport.js';
import { InMemorySpanStore } from '../../collector/store/InMemorySpanStore.js';
import { RunningWeekFigures } from '../../collector/query/RunningWeekFigures.js';
import { startWeekFiguresKeeper, weeksOverAt } from '../../collector/query/WeekFiguresKeeper.js';
import { decodeWeekFigures, encodeWeekFigures, weekFiguresContextKey } from '../../collector/query/weekFiguresRecord.js';
import { parseHandbook } from '../../schemas/handbook.js';
import { cycle, DAY, HOUR, message, MINUTE, toSpanRow, W48 } from '../fixtures/analysis/build.js';

const handbook = parseHandbook(JSON.parse(readFileSync(new URL('../../schemas/protocols.default.json', import.meta.url), 'utf8')));

describe('WeekFiguresKeeper', () => {
  it('names the weeks over, most recent first, across a year boundary', () => {
    expect(weeksOverAt(W48 + 2 * DAY, 2)).toEqual(['2026-W47', '2026-W46']);
    expect(weeksOverAt(Date.UTC(2027, 0, 5), 3)).toEqual(['2026-W53', '2026-W52', '2026-W51']);
  });

  it('computes the last two weeks over once and finds them kept on the next pass', async () => {
    const store = new InMemorySpanStore();
    const spans = [
      message('c-1', 'care', 'apologize', W48 + HOUR),
      message('c-1', 'marketing', 'promote', W48 + 2 * HOUR),
      ...cycle({ customerId: 'c-2', agents: ['care', 'loyalty'], iterations: 4, startMs: W48 - 3 * DAY, stepMs: MINUTE, causal: false }),
    ];
    await store.insertEncoded([store.encodeSpans(spans.map(toSpanRow))]);
    const logged: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    const log = (message: string, fields?: Record<string, unknown>) => logged.push({ message, fields });
    const keeper = startWeekFiguresKeeper({
      ctx: { store, handbook, now: () => W48 + 8 * DAY },
      intervalMs: 3_600_000,
      firstDelayMs: 3_600_000,
      logger: { info: log, warn: log, error: log },
    });
    try {
      const first = await keeper.runOnce();
      expect(first.map((k) => [k.week, k.source])).toEqual([['2026-W48', 'computed'], ['2026-W47', 'computed']]);
      expect(logged.map((l) => [l.message, l.fields?.week])).toEqual([
        ['weekly report figures computed and kept', '2026-W48'],
        ['weekly report figures computed and kept', '2026-W47'],
      ]);
      expect(store.weekFigures.size).toBe(2);
      const second = await keeper.runOnce();
      expect(second.map((k) => k.source)).toEqual(['stored', 'stored']);
      // A damaged row is computed again and kept anew.
      const [damaged] = store.weekFigures.keys();
      store.weekFigures.set(damaged!, '{"conflicts": [');
      const third = await keeper.runOnce();
      expect(third.map((k) => k.source).sort()).toEqual(['computed', 'stored']);
      expect(() => JSON.parse(store.weekFigures.get(damaged!)!)).not.toThrow();
    } finally {
      await keeper.stop();
    }
  });

  it('brings the running week up to date on each pass when given its figures, computing them only once, and keeps them in the store', async () => {
    const store = new InMemorySpanStore();
    await store.insertEncoded([store.encodeSpans([message('c-1', 'care', 'apologize', W48 + HOUR), message('c-1', 'marketing', 'promote', W48 + 2 * HOUR)].map(toSpanRow))]);
    const logged: string[] = [];
    const log = (message: string, fields?: Record<string, unknown>) => logged.push(`${message} ${String(fields?.week)}`);
    // Passes on demand only; each collector (started again) with its own running week.
    const start = () =>
      startWeekFiguresKeeper({
        ctx: { store, handbook, runningWeek: new RunningWeekFigures(), now: () => W48 + 2 * DAY },
        intervalMs: 3_600_000,
        firstDelayMs: 3_600_000,
        logger: { info: log, warn: log, error: log },
      });
    const keeper = start();
    try {
      expect((await keeper.runOnce()).map((k) => [k.week, k.source])).toEqual([['2026-W47', 'empty'], ['2026-W46', 'empty'], ['2026-W48', 'computed']]);
      expect((await keeper.runOnce()).map((k) => k.source)).toEqual(['empty', 'empty', 'memory']);
      expect(logged).toEqual(['running week figures computed 2026-W48']);
      expect(store.weekFigures.size).toBe(0);
      expect([...store.runningWeekStates.keys()]).toEqual([`${weekFiguresContextKey(handbook)}|${W48}`]);
    } finally {
      await keeper.stop();
    }
    // A collector started again reads them from the store.
    const restarted = start();
    try {
      expect((await restarted.runOnce()).map((k) => k.source)).toEqual(['empty', 'empty', 'memory']);
      expect(logged.at(-1)).toBe('running week figures read from the store and brought up to date 2026-W48');
    } finally {
      await restarted.stop();
    }
  });

  it('puts its passes off while ingest is near capacity, saying so once', async () => {
    const store = new InMemorySpanStore();
    await store.insertEncoded([store.encodeSpans([message('c-1', 'care', 'apologize', W48 - 3 * DAY)].map(toSpanRow))]);
    const logged: string[] = [];
    const log = (message: string) => void logged.push(message);
    let busy = true;
    const keeper = startWeekFiguresKeeper({
      ctx: { store, handbook, runningWeek: new RunningWeekFigures(), now: () => W48 + 2 * DAY },
      intervalMs: 3_600_000,
      firstDelayMs: 3_600_000,
      deferWhile: () => busy,
      logger: { info: log, warn: log, error: log },
    });
    try {
      expect(await keeper.runOnce()).toEqual([]);
      expect(await keeper.runOnce()).toEqual([]);
      expect(logged).toEqual(['weekly report figures put off while ingest is near capacity']);
      expect(store.weekFigures.size).toBe(0);
      busy = false;
      expect((await keeper.runOnce()).map((k) => [k.week, k.source])).toEqual([['2026-W47', 'computed'], ['2026-W46', 'empty'], ['2026-W48', 'computed']]);
    } finally {
      await keeper.stop();
    }
  });

  it('keeps figures as JSON that gives them back, maps included, under a key that names the handbook and thresholds', () => {
    const spans = [message('c-1', 'care', 'apologize', W48, { outcome: 'converted', decision: 'deny', rule: 'r' })];
    const figures = { conflicts: [{ rule: 'r', agents: ['care', 'marketing'], count: 2 }], loops: [], activity: weekActivityOf(spans) };
    expect(figures.activity.agentOutcomes.size).toBe(1);
    expect(decodeWeekFigures(encodeWeekFigures(figures))).toEqual(figures);
    const key = weekFiguresContextKey(handbook);
    expect(weekFiguresContextKey(handbook, { minIterations: 3 })).toBe(key);
    expect(weekFiguresContextKey(handbook, { minIterations: 4 })).not.toBe(key);
    expect(weekFiguresContextKey(parseHandbook({ rules: [] }))).not.toBe(key);
  });
});
