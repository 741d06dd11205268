import { describe, expect, it } from 'vitest';
import { ATTR } from '../../schemas/semconv.js';
import type { ActionFacts } from '../../engine/protocol/ActionFacts.js';
import { CustomerHistory } from '../../engine/protocol/CustomerHistory.js';
import { LOOP_BREAKER_RULE } from '../../engine/protocol/LoopBreaker.js';
import { ProtocolGuard } from '../../engine/protocol/ProtocolGuard.js';
import { loadDefaultHandbook } from '../../engine/protocol/defaultHandbook.js';
import { SimulatedClock } from '../../engine/clock/SimulatedClock.js';
import { runawayLoop } from '../../engine/scenarios/runawayLoop.js';
import { scheduleRun } from '../../engine/simulation/scenarioRuns.js';
import { Tracing } from '../../engine/telemetry/Tracing.js';
import { RetainingExporter } from './RetainingExporter.js';
import { denials, flatten, messages, START_MS } from './spans.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const act = (agent: string, at: number, customerId = 'c1'): ActionFacts => ({ at, customerId, agent, intent: 'promote', event: 'message.sent' });

function guard(options: Parameters<ProtocolGuard['setLoopBreaker']>[0]): ProtocolGuard {
  const g = new ProtocolGuard(new CustomerHistory(), { rules: [] }, 0);
  g.setLoopBreaker(options);
  return g;
}

describe('loop breaker', () => {
  it('denies the action that would re-enter an agent past maxCycleRepeats within the window', () => {
    const g = guard({ maxCycleRepeats: 2, windowMs: HOUR });
    // A cycle re-enters the agent at deeper hops: 1, 4, 7 are allowed (2 re-entries), 10 is the third.
    expect(g.check(act('marketing', 0), 1).decision).toBe('allow');
    expect(g.check(act('marketing', 10 * MINUTE), 4).decision).toBe('allow');
    expect(g.check(act('marketing', 20 * MINUTE), 7).decision).toBe('allow');
    expect(g.check(act('marketing', 30 * MINUTE), 10)).toEqual({ decision: 'deny', rule: LOOP_BREAKER_RULE });
  });

  it('does not count actions at the same depth, other customers, other agents, or outside the window', () => {
    const g = guard({ maxCycleRepeats: 1, windowMs: HOUR });
    // Independent chains (all at hop 1) and several actions of one reaction (same hop) are not cycles.
    for (let i = 0; i < 5; i++) expect(g.check(act('marketing', i * MINUTE), 1).decision).toBe('allow');
    expect(g.check(act('marketing', 6 * MINUTE, 'c2'), 5).decision).toBe('allow');
    expect(g.check(act('care', 7 * MINUTE), 5).decision).toBe('allow');
    expect(g.check(act('marketing', 8 * MINUTE), 5).decision).toBe('allow'); // first re-entry
    expect(g.check(act('marketing', 9 * MINUTE), 9).decision).toBe('deny');
    expect(g.check(act('marketing', 8 * MINUTE + 2 * HOUR), 9).decision).toBe('allow'); // the window has passed
  });

  it('takes per-agent limits, and 0 turns it off for an agent', () => {
    const g = guard({ maxCycleRepeats: 1, windowMs: HOUR, agents: { chatbot: { maxCycleRepeats: 0 }, loyalty: { maxCycleRepeats: 3 } } });
    for (let hop = 1; hop < 20; hop++) expect(g.check(act('chatbot', hop * MINUTE), hop).decision).toBe('allow');
    const loyalty = [1, 2, 3, 4, 5].map((hop) => g.check(act('loyalty', hop * MINUTE), hop).decision);
    expect(loyalty).toEqual(['allow', 'allow', 'allow', 'allow', 'deny']);
  });

  it('stops the runaway scenario after a few turns, with loop-breaker denials', async () => {
    const runScenario = async (breaker: boolean) => {
      const exporter = new RetainingExporter();
      const tracing = new Tracing({ exporter, seed: 7 });
      const clock = new SimulatedClock(START_MS);
      const orchestration = scheduleRun(
        { scenario: runawayLoop, mode: 'network', customers: 200, prefix: 'rl-net' },
        { clock, tracing, handbook: loadDefaultHandbook(), seed: 7, startMs: START_MS, endMs: START_MS + 7 * DAY },
      );
      if (breaker) orchestration.guard.setLoopBreaker({ maxCycleRepeats: 3, windowMs: HOUR });
      await clock.run({ until: START_MS + 7 * DAY, onYield: () => tracing.drain() });
      await tracing.shutdown();
      return exporter.getFinishedSpans().map(flatten);
    };
    const promosPerCustomer = (spans: ReturnType<typeof flatten>[]) => {
      const counts = new Map<string, number>();
      for (const s of messages(spans, 'promote')) counts.set(String(s.attrs[ATTR.customerId]), (counts.get(String(s.attrs[ATTR.customerId])) ?? 0) + 1);
      return Math.max(...counts.values());
    };

    const unguarded = await runScenario(false);
    expect(promosPerCustomer(unguarded)).toBeGreaterThanOrEqual(10);
    const guarded = await runScenario(true);
    // Each agent may be re-entered 3 times: at most 4 promos per customer, then the next action is denied.
    expect(promosPerCustomer(guarded)).toBeLessThanOrEqual(4);
    expect(denials(guarded, LOOP_BREAKER_RULE).length).toBeGreaterThan(0);
    expect(denials(guarded).every((s) => s.attrs[ATTR.protocolRule] === LOOP_BREAKER_RULE)).toBe(true);
  });
});
