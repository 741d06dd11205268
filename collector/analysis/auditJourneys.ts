import type { BusinessSpan } from './BusinessSpan.js';
import { collectCustomerSteps, type ActionStep } from './actionSteps.js';
import type { Violation } from './Violation.js';

/** Predictability at or above this is "predictable". */
export const DEFAULT_PREDICTABILITY_THRESHOLD = 0.5;
/** Impact of deviation at or above this share of customers is "high impact". */
export const DEFAULT_IMPACT_THRESHOLD = 0.1;
/** Fewer customers than this and the verdict is flagged `lowData`. */
export const DEFAULT_MIN_AUDIT_CUSTOMERS = 5;
/** Steps of a customer's path taken into account (long runaway paths would all look unique). */
export const DEFAULT_MAX_PATH_LENGTH = 20;
/** Outcomes that mean a customer was hurt. */
export const COMPLAINT_OUTCOMES = ['complained'];
/** Events that mean a customer complained. */
export const COMPLAINT_EVENTS = ['complaint.posted'];
/** Outcomes that mean a customer dropped off. */
export const DROP_OFF_OUTCOMES = ['dropped_off'];

/** The four quadrants of the audit. */
export type AuditQuadrant = 'predictable-low-impact' | 'predictable-high-impact' | 'unpredictable-low-impact' | 'unpredictable-high-impact';

/** The audit verdict for one journey or agent family. */
export interface JourneyAudit {
  family: string;
  /** The model its steps declare (`mixed` when both). */
  model: 'command' | 'network' | 'mixed' | null;
  customers: number;
  distinctPaths: number;
  /** The most common paths (step labels), with how many customers took each. */
  topPaths: Array<{ path: string[]; customers: number }>;
  /** Shannon entropy of the path distribution, bits. */
  entropyBits: number;
  /** 1 − entropy / log2(customers): 1 = everybody walks the same path, 0 = every customer's path is unique. */
  predictability: number;
  /** Share of the family's customers hit by a conflict on the family's spans, or a complaint or drop-off blamed on it. */
  impact: number;
  conflictRate: number;
  complaintRate: number;
  dropOffRate: number;
  quadrant: AuditQuadrant;
  recommendation: 'command' | 'network' | 'hybrid';
  rationale: string;
  /** True with fewer than `minCustomers` customers: read the verdict as a hint. */
  lowData: boolean;
}

/** Options of {@link auditJourneys}. */
export interface JourneyAuditOptions {
  /** The family of a step's first span; default: the journey id, else the agent. */
  familyOf?: (span: BusinessSpan) => string | undefined;
  /** Label of a step in a path; default: journey step, else intent, else event, else span name. */
  labelOf?: (span: BusinessSpan) => string;
  predictabilityThreshold?: number;
  impactThreshold?: number;
  minCustomers?: number;
  maxPathLength?: number;
}

interface FamilyAcc {
  paths: Map<string, { path: string[]; customers: number }>;
  customers: Set<string>;
  spanKeys: Set<string>;
  /** Customers with a complaint / drop-off blamed on this family. */
  complained: Set<string>;
  dropped: Set<string>;
  command: number;
  network: number;
}

const RECOMMENDATION: Record<AuditQuadrant, { recommendation: JourneyAudit['recommendation']; rationale: string }> = {
  'predictable-low-impact': {
    recommendation: 'command',
    rationale: 'customers walk the same few paths and deviations cost little: a versioned flowchart does the job',
  },
  'predictable-high-impact': {
    recommendation: 'command',
    rationale: 'paths are predictable and deviations are costly: keep central control and review every change',
  },
  'unpredictable-low-impact': {
    recommendation: 'network',
    rationale: 'paths vary a lot and deviations cost little: let agents adapt to each customer',
  },
  'unpredictable-high-impact': {
    recommendation: 'hybrid',
    rationale: 'paths vary and deviations are costly: agents, but governed by protocol rules (handbook, guard)',
  },
};

function stepKeys(step: ActionStep, spans: readonly BusinessSpan[]): string[] {
  return step.spans.map((i) => `${spans[i]!.traceId}/${spans[i]!.spanId}`);
}

/**
 * The journey audit (the seed's 2x2): for each journey or agent family, how predictable the customers' paths are
 * against how much deviation hurts, and what model fits.
 *
 * - **Path**: a customer's action steps of the family in time order (first `maxPathLength`), labelled by step.
 * - **Predictability** = 1 − H / log2(N), H the Shannon entropy of the distribution of paths over the family's N
 *   customers. Normalising by the largest possible entropy for N customers (not by the number of distinct paths)
 *   keeps "two common variants" predictable; with one customer it is 1.
 * - **Impact of deviation** = share of the family's customers with a handbook violation involving one of the family's
 *   spans, a complaint (outcome `complained` or event `complaint.posted`) or a drop-off (outcome `dropped_off`) blamed
 *   on the family: the one whose step came last for that customer at or before the complaint or drop-off.
 * - **Quadrant rule**: predictable ⇔ predictability ≥ 0.5; high impact ⇔ impact ≥ 0.1 (both configurable).
 *   Predictable → `command` (cheap and controllable; with high impact, keep control); unpredictable and low impact →
 *   `network`; unpredictable and high impact → `hybrid` (a network governed by the handbook).
 */
export function auditJourneys(spans: readonly BusinessSpan[], violations: readonly Violation[], options: JourneyAuditOptions = {}): JourneyAudit[] {
  const familyOf = options.familyOf ?? ((s: BusinessSpan) => s.journeyId ?? s.agent);
  const labelOf = options.labelOf ?? ((s: BusinessSpan) => s.journeyStep ?? s.intent ?? s.event ?? s.name);
  const predictableAt = options.predictabilityThreshold ?? DEFAULT_PREDICTABILITY_THRESHOLD;
  const highImpactAt = options.impactThreshold ?? DEFAULT_IMPACT_THRESHOLD;
  const minCustomers = options.minCustomers ?? DEFAULT_MIN_AUDIT_CUSTOMERS;
  const maxPath = options.maxPathLength ?? DEFAULT_MAX_PATH_LENGTH;

  const families = new Map<string, FamilyAcc>();
  // Per customer, which family acted when (in time order): harm is blamed on the family that acted last before it.
  const timelines = new Map<string, Array<{ ms: number; family: string }>>();
  for (const { customerId, steps } of collectCustomerSteps(spans)) {
    const perFamily = new Map<string, ActionStep[]>();
    const timeline: Array<{ ms: number; family: string }> = [];
    timelines.set(customerId, timeline);
    for (const step of steps) {
      const family = familyOf(spans[step.spans[0]!]!);
      if (family === undefined) continue;
      timeline.push({ ms: step.startMs, family });
      const list = perFamily.get(family);
      if (list) list.push(step);
      else perFamily.set(family, [step]);
    }
    for (const [family, famSteps] of perFamily) {
      let acc = families.get(family);
      if (!acc) {
        acc = { paths: new Map(), customers: new Set(), spanKeys: new Set(), complained: new Set(), dropped: new Set(), command: 0, network: 0 };
        families.set(family, acc);
      }
      const path = famSteps.slice(0, maxPath).map((st) => labelOf(spans[st.spans[0]!]!));
      const key = path.join('\u0000');
      const entry = acc.paths.get(key);
      if (entry) entry.customers++;
      else acc.paths.set(key, { path, customers: 1 });
      acc.customers.add(customerId);
      for (const st of famSteps) {
        for (const k of stepKeys(st, spans)) acc.spanKeys.add(k);
        if (st.model === 'command') acc.command++;
        else if (st.model === 'network') acc.network++;
      }
    }
  }

  // Harm signals, each blamed on the family that acted last for that customer at or before it.
  const blame = (customerId: string, ms: number): FamilyAcc | undefined => {
    const timeline = timelines.get(customerId);
    if (!timeline) return undefined;
    let lo = 0;
    let hi = timeline.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (timeline[mid]!.ms <= ms) lo = mid + 1;
      else hi = mid;
    }
    const last = timeline[lo - 1];
    return last === undefined ? undefined : families.get(last.family);
  };
  for (const s of spans) {
    if (s.customerId === undefined) continue;
    const complaint = (s.outcome !== undefined && COMPLAINT_OUTCOMES.includes(s.outcome)) || (s.event !== undefined && COMPLAINT_EVENTS.includes(s.event));
    const dropOff = s.outcome !== undefined && DROP_OFF_OUTCOMES.includes(s.outcome);
    if (!complaint && !dropOff) continue;
    const acc = blame(s.customerId, s.startMs);
    if (complaint) acc?.complained.add(s.customerId);
    if (dropOff) acc?.dropped.add(s.customerId);
  }

  const audits: JourneyAudit[] = [];
  for (const [family, acc] of families) {
    const n = acc.customers.size;
    let entropy = 0;
    for (const { customers } of acc.paths.values()) {
      const p = customers / n;
      entropy -= p * Math.log2(p);
    }
    const predictability = n <= 1 ? 1 : Math.max(0, 1 - entropy / Math.log2(n));
    const conflicted = new Set<string>();
    for (const v of violations)
      if (acc.customers.has(v.customerId) && v.spans.some((s) => acc.spanKeys.has(`${s.traceId}/${s.spanId}`))) conflicted.add(v.customerId);
    let hurt = 0;
    for (const c of acc.customers) if (acc.complained.has(c) || acc.dropped.has(c) || conflicted.has(c)) hurt++;
    const impact = hurt / n;
    const quadrant: AuditQuadrant = `${predictability >= predictableAt ? 'predictable' : 'unpredictable'}-${impact >= highImpactAt ? 'high' : 'low'}-impact`;
    const topPaths = [...acc.paths.values()].sort((x, y) => y.customers - x.customers).slice(0, 3);
    audits.push({
      family,
      model: acc.command > 0 && acc.network > 0 ? 'mixed' : acc.command > 0 ? 'command' : acc.network > 0 ? 'network' : null,
      customers: n,
      distinctPaths: acc.paths.size,
      topPaths,
      entropyBits: entropy,
      predictability,
      impact,
      conflictRate: conflicted.size / n,
      complaintRate: acc.complained.size / n,
      dropOffRate: acc.dropped.size / n,
      quadrant,
      ...RECOMMENDATION[quadrant],
      lowData: n < minCustomers,
    });
  }
  audits.sort((x, y) => y.customers - x.customers || (x.family < y.family ? -1 : 1));
  return audits;
}
