import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../engine/clock/SimulatedClock.js';
import { Random } from '../../engine/random.js';
import { CommandCalendar } from '../../engine/change/ChangeCalendar.js';

describe('SimulatedClock', () => {
  it('runs callbacks in time order, equal times in scheduling order, and stops at `until`', async () => {
    const clock = new SimulatedClock(1000);
    const seen: string[] = [];
    clock.at(3000, () => seen.push('c'));
    clock.at(2000, () => seen.push('a'));
    clock.at(2000, () => {
      seen.push('b');
      clock.at(2500, () => seen.push(`nested@${clock.now()}`));
    });
    clock.at(9000, () => seen.push('late'));
    await clock.run({ until: 5000 });
    expect(seen).toEqual(['a', 'b', 'nested@2500', 'c']);
    expect(clock.now()).toBe(5000);
    expect(clock.pending).toBe(1);
  });

  it('never schedules into the past', async () => {
    const clock = new SimulatedClock(1000);
    let at = 0;
    clock.at(10, () => (at = clock.now()));
    await clock.run({ until: 2000 });
    expect(at).toBe(1000);
  });
});

describe('Random', () => {
  it('is a pure function of its seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    const draws = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(draws);
    expect(new Random(43).next()).not.toBe(draws[0]);
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('CommandCalendar', () => {
  it('deploys only in Tuesday/Thursday windows', () => {
    const calendar = new CommandCalendar();
    const monday = Date.UTC(2025, 10, 3, 12);
    expect(new Date(calendar.nextDeploymentWindow(monday)).toISOString()).toBe('2025-11-04T22:00:00.000Z');
    expect(new Date(calendar.nextDeploymentWindow(Date.UTC(2025, 10, 4, 23))).toISOString()).toBe('2025-11-06T22:00:00.000Z');
  });

  it('skips weekends when counting business days', () => {
    const friday = Date.UTC(2025, 11, 5, 12);
    const t = new CommandCalendar().afterBusinessDays(friday, 1, new Random(1));
    expect(new Date(t).getUTCDay()).toBe(1);
  });
});
