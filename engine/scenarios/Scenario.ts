import type { Handbook } from '../../schemas/handbook.js';
import type { Orchestration } from '../Orchestration.js';

/** How a scenario is orchestrated: a central hub, a network of agents, or both under one handbook. */
export type Mode = 'command' | 'network' | 'hybrid';

/** All modes, in the order `--mode` lists them. */
export const MODES: readonly Mode[] = ['command', 'network', 'hybrid'];

/** One run of a scenario: everything it needs to schedule its activity. */
export interface ScenarioRun {
  orchestration: Orchestration;
  mode: Mode;
  /** Customers to simulate. */
  customers: number;
  /** Virtual start, epoch ms. */
  startMs: number;
  /** Virtual end, epoch ms: nothing is scheduled after it. */
  endMs: number;
  /** The full handbook in force (a scenario may run with rules its story has not adopted yet). */
  handbook: Handbook;
  /** Prefix unique to this run, for ids the scenario makes up (customers, changes). */
  idPrefix: string;
  /** The id of customer `index`, unique across every run of a simulation. */
  customerId(index: number): string;
}

/** A scenario reproducing one of the seed's case studies. */
export interface Scenario {
  /** Registry name, as given to `--scenario`. */
  name: string;
  /** Short code used in customer ids. */
  code: string;
  /** One line for `--help`. */
  description: string;
  /** Modes that make sense, the one to show first first. */
  modes: readonly Mode[];
  /**
   * Rough spans per customer over four weeks; worker threads take the heaviest runs first so that one big run does
   * not finish alone at the end.
   */
  spansPerCustomer: number;
  /** Hop limit the story runs with when none is given (the runaway loop's incident had none). */
  defaultHopLimit?: number;
  /** Schedules the scenario's activity on the run's clock. */
  schedule(run: ScenarioRun): void;
}

/** A handbook without the rules `ids` (rules a story's organisation has not adopted yet). */
export function handbookWithout(handbook: Handbook, ids: readonly string[]): Handbook {
  return { rules: handbook.rules.filter((rule) => !ids.includes(rule.id)) };
}
