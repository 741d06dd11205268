import { changeCalendar } from './changeCalendar.js';
import { fintechOnboarding } from './fintechOnboarding.js';
import { retailHolidayCascade } from './retailHolidayCascade.js';
import { runawayLoop } from './runawayLoop.js';
import { saasKnowledge } from './saasKnowledge.js';
import { socialMediaCrisis } from './socialMediaCrisis.js';
import { travelUpgrade } from './travelUpgrade.js';
import type { Scenario } from './Scenario.js';

/** Every scenario, by registry name, in the order `all` runs them. */
export const SCENARIOS: readonly Scenario[] = [
  retailHolidayCascade,
  socialMediaCrisis,
  fintechOnboarding,
  travelUpgrade,
  saasKnowledge,
  runawayLoop,
  changeCalendar,
];

/** The `--scenario` value that runs every scenario. */
export const ALL_SCENARIOS = 'all';

/** Names accepted by `--scenario`. */
export function scenarioNames(): string[] {
  return [...SCENARIOS.map((s) => s.name), ALL_SCENARIOS];
}

/** The scenarios a `--scenario` value selects; throws naming the valid values. */
export function selectScenarios(name: string): Scenario[] {
  if (name === ALL_SCENARIOS) return [...SCENARIOS];
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (!scenario) throw new Error(`unknown scenario "${name}": expected one of ${scenarioNames().join(', ')}`);
  return [scenario];
}
