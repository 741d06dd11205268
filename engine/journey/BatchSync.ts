import { ATTR } from '../../schemas/semconv.js';
import type { Orchestration } from '../Orchestration.js';
import { JOURNEY_HUB_SERVICE, type JourneyHub } from './JourneyHub.js';

/** Options of {@link scheduleBatchSync}. */
export interface BatchSyncOptions {
  /** `flexix.agent` of the sync spans, e.g. `inventory-sync`. */
  id: string;
  /** First run, epoch ms. */
  firstAt: number;
  /** Time between runs, ms (a day for a daily sync). */
  everyMs: number;
  /** Last time a run may start, epoch ms. */
  until: number;
  /** Reads the external system of record at sync time: the values the hub copies. */
  read: () => ReadonlyMap<string, string>;
}

/**
 * Schedules the periodic batch copy of external data into the hub's own data — the only way external facts reach a
 * command hub. Each run is a span (`flexix.event=hub.synced`) counting the values that changed.
 */
export function scheduleBatchSync(orchestration: Orchestration, hub: JourneyHub, options: BatchSyncOptions): void {
  const run = (): void => {
    let changed = 0;
    for (const [key, value] of options.read()) {
      if (hub.data.get(key) !== value) {
        hub.data.set(key, value);
        changed++;
      }
    }
    const at = orchestration.clock.now();
    orchestration.observe(
      { id: options.id, model: 'command', service: JOURNEY_HUB_SERVICE, governed: false },
      { name: `sync ${options.id}`, phase: 'step', at, hop: 0, attributes: { [ATTR.event]: 'hub.synced', [SYNC_CHANGED_ATTR]: changed } },
    );
    if (at + options.everyMs <= options.until) orchestration.clock.at(at + options.everyMs, run);
  };
  if (options.firstAt <= options.until) orchestration.clock.at(options.firstAt, run);
}

/** Attribute of a sync span: how many hub values changed. */
export const SYNC_CHANGED_ATTR = 'flexix.sync.changed';
