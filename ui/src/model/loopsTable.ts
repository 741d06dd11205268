/** The SRE loops view model: loops sorted active first, then runaway, then most recent; with links to their chains. */
import type { FeedbackLoop } from '../../../collector/analysis/findFeedbackLoops.js';
import { formatCycle } from './format.js';

/** A loop whose last step is this recent is shown as active (the loop rule's 10-minute step gap, doubled). */
export const ACTIVE_WINDOW_MS = 20 * 60_000;

/** Chains offered per loop; the API lists up to 50 trace ids. */
export const CHAIN_LINKS_PER_LOOP = 5;

/** One row of the loops table. */
export interface LoopRow {
  key: string;
  cycle: string;
  agents: string[];
  status: 'active' | 'recent';
  runaway: boolean;
  evidence: FeedbackLoop['evidence'];
  iterations: number;
  maxIterations: number;
  customers: number;
  customerIds: string[];
  firstSeenMs: number;
  lastSeenMs: number;
  traceIds: string[];
}

/** Builds the rows; `nowMs` decides which loops are still active. */
export function buildLoopRows(loops: readonly FeedbackLoop[], nowMs: number): LoopRow[] {
  return loops
    .map((loop): LoopRow => ({
      key: `${loop.agents.join('>')}|${loop.evidence}`,
      cycle: formatCycle(loop.agents),
      agents: loop.agents,
      status: nowMs - loop.lastSeenMs <= ACTIVE_WINDOW_MS ? 'active' : 'recent',
      runaway: loop.runaway,
      evidence: loop.evidence,
      iterations: loop.iterations,
      maxIterations: loop.maxIterations,
      customers: loop.customerIds.length,
      customerIds: loop.customerIds,
      firstSeenMs: loop.firstSeenMs,
      lastSeenMs: loop.lastSeenMs,
      traceIds: loop.traceIds.slice(0, CHAIN_LINKS_PER_LOOP),
    }))
    .sort(
      (a, b) =>
        Number(b.status === 'active') - Number(a.status === 'active') ||
        Number(b.runaway) - Number(a.runaway) ||
        b.lastSeenMs - a.lastSeenMs ||
        a.key.localeCompare(b.key),
    );
}

/** Headline counts of the loops view. */
export function summarizeLoops(rows: readonly LoopRow[]): { total: number; active: number; runaway: number; customers: number } {
  return {
    total: rows.length,
    active: rows.filter((r) => r.status === 'active').length,
    runaway: rows.filter((r) => r.runaway).length,
    customers: new Set(rows.flatMap((r) => r.customerIds)).size,
  };
}
