import type { Mode, Scenario } from './scenarios/Scenario.js';

/** One (scenario, mode) pair to simulate with its share of the customers. */
export interface PlannedRun {
  scenario: Scenario;
  mode: Mode;
  customers: number;
  /** Prefix of customer ids: scenario code and mode, so ids never collide across runs. */
  prefix: string;
}

/**
 * Plans the runs of a simulation: each scenario in the requested mode, or — with no mode — in every mode it
 * supports, the customers split between them so `--customers` stays the size of each scenario. A scenario that
 * does not support the requested mode is skipped.
 */
export function planRuns(scenarios: readonly Scenario[], customers: number, mode?: Mode): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (const scenario of scenarios) {
    const modes = mode === undefined ? scenario.modes : scenario.modes.filter((m) => m === mode);
    modes.forEach((m, i) => {
      // Spread the remainder over the first modes so the shares add up to `customers`.
      const share = Math.floor(customers / modes.length) + (i < customers % modes.length ? 1 : 0);
      runs.push({ scenario, mode: m, customers: share, prefix: `${scenario.code}-${m.slice(0, 3)}` });
    });
  }
  return runs;
}
