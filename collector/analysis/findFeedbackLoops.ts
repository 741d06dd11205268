import type { BusinessSpan } from './BusinessSpan.js';
import { collectCustomerSteps, groupActionSpansByCustomer, type ActionStep } from './actionSteps.js';
import { toIso } from './spanRef.js';
import { TraceLinkGraph } from './TraceLinkGraph.js';

/** A loop must repeat its cycle at least this many times (CONTRACT §1). */
export const DEFAULT_MIN_ITERATIONS = 3;
/** Every step of a loop starts less than this after the previous step (CONTRACT §1: 10 minutes). */
export const DEFAULT_MAX_STEP_GAP_MS = 10 * 60_000;
/** A loop with at least this many iterations (for one customer) is a runaway (CONTRACT §1). */
export const DEFAULT_RUNAWAY_ITERATIONS = 10;
/** Longest cycle of agents looked for. */
export const DEFAULT_MAX_CYCLE_LENGTH = 6;
/** Trace ids listed per loop, so a runaway with thousands of traces stays a small answer. */
export const DEFAULT_MAX_TRACE_IDS = 50;

/** Thresholds of {@link findFeedbackLoops}; every field defaults to the matching `DEFAULT_*` constant. */
export interface FeedbackLoopOptions {
  minIterations?: number;
  maxStepGapMs?: number;
  runawayIterations?: number;
  maxCycleLength?: number;
  maxTraceIds?: number;
}

/** The thresholds a store's loop-candidate search needs (see {@link FeedbackLoopOptions}). */
export interface LoopCandidateOptions {
  minIterations: number;
  maxStepGapMs: number;
  maxCycleLength: number;
}

/** The {@link LoopCandidateOptions} of `options`, defaults applied. */
export function loopCandidateOptions(options: FeedbackLoopOptions = {}): LoopCandidateOptions {
  return {
    minIterations: options.minIterations ?? DEFAULT_MIN_ITERATIONS,
    maxStepGapMs: options.maxStepGapMs ?? DEFAULT_MAX_STEP_GAP_MS,
    maxCycleLength: options.maxCycleLength ?? DEFAULT_MAX_CYCLE_LENGTH,
  };
}

/** Every threshold of `options`, defaults applied. */
export function feedbackLoopThresholds(options: FeedbackLoopOptions = {}): Required<FeedbackLoopOptions> {
  const { minIterations, maxStepGapMs, maxCycleLength } = loopCandidateOptions(options);
  return {
    minIterations,
    maxStepGapMs,
    runawayIterations: options.runawayIterations ?? DEFAULT_RUNAWAY_ITERATIONS,
    maxCycleLength,
    maxTraceIds: options.maxTraceIds ?? DEFAULT_MAX_TRACE_IDS,
  };
}

/** How a loop is known: steps joined by parent/child or causal links, or only consecutive in time. */
export type LoopEvidence = 'causal' | 'inferred';

/** One loop for one customer (what an alert is keyed on: agents + customer). */
export interface CustomerFeedbackLoop {
  /** The cycle in order, rotated to start at its smallest actor id. */
  agents: string[];
  customerId: string;
  /** Completed repetitions of the cycle (summed over separate bursts of the same cycle). */
  iterations: number;
  firstSeen: string;
  lastSeen: string;
  firstSeenMs: number;
  lastSeenMs: number;
  runaway: boolean;
  evidence: LoopEvidence;
  traceIds: string[];
}

/** One loop merged across customers (CONTRACT §4 `/api/loops` item). */
export interface FeedbackLoop {
  agents: string[];
  customerIds: string[];
  /** Completed repetitions summed over all customers. */
  iterations: number;
  /** Largest per-customer iteration count; `runaway` is decided on it, never on the sum. */
  maxIterations: number;
  firstSeen: string;
  lastSeen: string;
  firstSeenMs: number;
  lastSeenMs: number;
  runaway: boolean;
  evidence: LoopEvidence;
  traceIds: string[];
}

/** Loops merged per (cycle, evidence), and the same per customer. */
export interface FeedbackLoopResult {
  loops: FeedbackLoop[];
  perCustomer: CustomerFeedbackLoop[];
}

interface Segment {
  customerId: string;
  agents: string[];
  iterations: number;
  firstMs: number;
  lastMs: number;
  evidence: LoopEvidence;
  traceIds: string[];
}

function rotateToSmallest(cycle: string[]): string[] {
  let best = 0;
  for (let i = 1; i < cycle.length; i++) if (cycle[i]! < cycle[best]!) best = i;
  return [...cycle.slice(best), ...cycle.slice(0, best)];
}

function allDistinct(steps: ActionStep[], from: number, length: number): boolean {
  for (let i = from; i < from + length; i++)
    for (let j = i + 1; j < from + length; j++) if (steps[i]!.actorId === steps[j]!.actorId) return false;
  return true;
}

function addTraceIds(target: string[], seen: Set<string>, ids: Iterable<string>, max: number): void {
  for (const id of ids) {
    if (target.length >= max) return;
    if (!seen.has(id)) {
      seen.add(id);
      target.push(id);
    }
  }
}

/**
 * Finds feedback loops exactly as CONTRACT §1 defines them.
 *
 * Per customer, the action steps (see `actionSteps.ts`) are put in time order and cut wherever two consecutive steps
 * are `maxStepGapMs` or more apart. Inside each run, for every cycle length p = 1..maxCycleLength, maximal stretches
 * where each step's actor equals the actor p steps earlier are periodic; a stretch whose first p actors are distinct
 * (a simple cycle, which also makes p the smallest period) and which completes the cycle `minIterations` times or more
 * is a loop. `iterations` = completed repetitions (⌊stretch length / p⌋), so A,B,A,B,A,B is the cycle [A, B] with 3.
 *
 * Evidence is `causal` when every consecutive pair of counted steps is joined: both in one trace (parent/child), or a
 * span of the later step's trace has a causal link (not `context_read`) into the earlier step's trace; else
 * `inferred`. Because the scan runs per customer, a cycle that only exists when customers are aggregated is never
 * reported. Steps sharing a timestamp (simulated clock) are ordered by `flexix.hop`. Known limit: two unrelated loops
 * of one customer interleaved step by step read as one longer cycle.
 *
 * Linear in the number of spans (times the maximal cycle length) after a per-customer sort; fastest when the input is
 * ordered by customer then time (no hashing of customer ids, no sort).
 */
export function findFeedbackLoops(spans: readonly BusinessSpan[], options: FeedbackLoopOptions = {}): FeedbackLoopResult {
  const {
    minIterations,
    maxStepGapMs: maxGap,
    maxCycleLength: maxCycle,
    runawayIterations: runawayAt,
    maxTraceIds,
  } = feedbackLoopThresholds(options);
  if (!(minIterations >= 1)) throw new RangeError('minIterations must be at least 1');

  // One pass over the spans finds both the action spans per customer and the spans carrying links.
  const groups = groupActionSpansByCustomer(spans);
  const stepsByCustomer = collectCustomerSteps(spans, new Map(), groups);
  // Periodic stretches first; the link graph is only built when there is a candidate to judge.
  const candidates: Array<{ steps: ActionStep[]; start: number; p: number; iterations: number }> = [];
  const recordSegment = (steps: ActionStep[], start: number, length: number, p: number): void => {
    const iterations = Math.floor(length / p);
    if (iterations >= minIterations && allDistinct(steps, start, p)) candidates.push({ steps, start, p, iterations });
  };

  for (const { steps } of stepsByCustomer) {
    if (steps.length < minIterations) continue;
    let runStart = 0;
    for (let i = 1; i <= steps.length; i++) {
      if (i < steps.length && steps[i]!.startMs - steps[i - 1]!.startMs < maxGap) continue;
      // steps[runStart, i) is a run with every gap below the threshold.
      const runLength = i - runStart;
      for (let p = 1; p <= maxCycle && p * minIterations <= runLength; p++) {
        let segStart = runStart;
        for (let k = runStart + p; k <= i; k++) {
          if (k < i && steps[k]!.actorId === steps[k - p]!.actorId) continue;
          recordSegment(steps, segStart, k - segStart, p);
          segStart = k - p + 1;
        }
      }
      runStart = i;
    }
  }

  // Only the traces of candidate steps matter, and a direct join is what CONTRACT §1 asks for.
  const judged = new Set<string>();
  for (const { steps, start, p, iterations } of candidates)
    for (let k = start; k < start + iterations * p; k++) judged.add(steps[k]!.traceId);
  const links = candidates.length > 0 ? new TraceLinkGraph(spans, judged, groups.linked) : undefined;
  const segments: Segment[] = candidates.map(({ steps, start, p, iterations }) => {
    const last = start + iterations * p - 1;
    let causal = true;
    for (let k = start + 1; k <= last && causal; k++) causal = links!.isCausedBy(steps[k]!.traceId, steps[k - 1]!.traceId, 1);
    const traceIds: string[] = [];
    const seen = new Set<string>();
    for (let k = start; k <= last && traceIds.length < maxTraceIds; k++)
      addTraceIds(traceIds, seen, steps[k]!.spans.map((i) => spans[i]!.traceId), maxTraceIds);
    return {
      customerId: steps[start]!.customerId,
      agents: rotateToSmallest(steps.slice(start, start + p).map((s) => s.actor)),
      iterations,
      firstMs: steps[start]!.startMs,
      lastMs: steps[last]!.startMs,
      evidence: causal ? 'causal' : 'inferred',
      traceIds,
    };
  });

  // Merge bursts of the same cycle per customer, then per cycle across customers.
  const perCustomerMap = new Map<string, CustomerFeedbackLoop>();
  const traceSeen = new Map<string, Set<string>>();
  for (const seg of segments) {
    const key = `${seg.evidence}\u0000${seg.customerId}\u0000${seg.agents.join('\u0000')}`;
    let loop = perCustomerMap.get(key);
    if (!loop) {
      loop = {
        agents: seg.agents,
        customerId: seg.customerId,
        iterations: 0,
        firstSeen: '',
        lastSeen: '',
        firstSeenMs: seg.firstMs,
        lastSeenMs: seg.lastMs,
        runaway: false,
        evidence: seg.evidence,
        traceIds: [],
      };
      perCustomerMap.set(key, loop);
      traceSeen.set(key, new Set());
    }
    loop.iterations += seg.iterations;
    loop.firstSeenMs = Math.min(loop.firstSeenMs, seg.firstMs);
    loop.lastSeenMs = Math.max(loop.lastSeenMs, seg.lastMs);
    addTraceIds(loop.traceIds, traceSeen.get(key)!, seg.traceIds, maxTraceIds);
  }
  const perCustomer = [...perCustomerMap.values()];
  for (const loop of perCustomer) {
    loop.firstSeen = toIso(loop.firstSeenMs);
    loop.lastSeen = toIso(loop.lastSeenMs);
    loop.runaway = loop.iterations >= runawayAt;
  }
  return { loops: mergeCustomerLoops(perCustomer, options), perCustomer };
}

/**
 * Customers' loops merged per (cycle, evidence) across customers (the `loops` of {@link findFeedbackLoops}); sorts
 * `perCustomer` (most iterations first) as the merge lists trace ids in that order. Loops of disjoint sets of customers
 * merge to what one scan of all their spans gives.
 */
export function mergeCustomerLoops(perCustomer: CustomerFeedbackLoop[], options: FeedbackLoopOptions = {}): FeedbackLoop[] {
  const { runawayIterations: runawayAt, maxTraceIds } = feedbackLoopThresholds(options);
  const order = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  const cycleKey = (l: CustomerFeedbackLoop): string => `${l.evidence}\u0000${l.agents.join('\u0000')}`;
  perCustomer.sort(
    (x, y) => y.iterations - x.iterations || x.firstSeenMs - y.firstSeenMs || order(x.customerId, y.customerId) || order(cycleKey(x), cycleKey(y)),
  );

  const merged = new Map<string, FeedbackLoop & { seen: Set<string> }>();
  for (const c of perCustomer) {
    const key = cycleKey(c);
    let loop = merged.get(key);
    if (!loop) {
      loop = {
        agents: c.agents,
        customerIds: [],
        iterations: 0,
        maxIterations: 0,
        firstSeen: '',
        lastSeen: '',
        firstSeenMs: c.firstSeenMs,
        lastSeenMs: c.lastSeenMs,
        runaway: false,
        evidence: c.evidence,
        traceIds: [],
        seen: new Set(),
      };
      merged.set(key, loop);
    }
    loop.customerIds.push(c.customerId);
    loop.iterations += c.iterations;
    loop.maxIterations = Math.max(loop.maxIterations, c.iterations);
    loop.firstSeenMs = Math.min(loop.firstSeenMs, c.firstSeenMs);
    loop.lastSeenMs = Math.max(loop.lastSeenMs, c.lastSeenMs);
    addTraceIds(loop.traceIds, loop.seen, c.traceIds, maxTraceIds);
  }
  const loops: FeedbackLoop[] = [...merged.values()].map(({ seen: _seen, ...loop }) => ({
    ...loop,
    customerIds: [...loop.customerIds].sort(),
    firstSeen: toIso(loop.firstSeenMs),
    lastSeen: toIso(loop.lastSeenMs),
    runaway: loop.maxIterations >= runawayAt,
  }));
  loops.sort((x, y) => y.maxIterations - x.maxIterations || y.iterations - x.iterations || x.firstSeenMs - y.firstSeenMs);
  return loops;
}
