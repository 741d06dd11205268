import type { BusinessSpan } from './BusinessSpan.js';
import { collectCustomerSteps } from './actionSteps.js';
import { upperBound } from './customerScope.js';
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

/** One customer's part in the audit of one family. */
export interface AuditCustomerPart {
  family: string;
  customerId: string;
  /** Labels of the customer's first `maxPathLength` steps of the family. */
  path: string[];
  /** The customer's steps of the family declaring each model. */
  command: number;
  network: number;
  /** A violation of the customer involves a span of these steps. */
  conflicted: boolean;
  /** A complaint / drop-off of the customer is blamed on the family. */
  complained: boolean;
  dropped: boolean;
}

/** What a family's verdict is computed from: its customers' parts added up. */
export interface FamilyTally {
  family: string;
  customers: number;
  /** `[k, m]`: m distinct paths were each taken by k customers; k ascending. */
  pathSizes: Array<[number, number]>;
  /** The most common paths, most customers first, then by labels. */
  topPaths: Array<{ path: string[]; customers: number }>;
  command: number;
  network: number;
  conflicted: number;
  complained: number;
  dropped: number;
  /** Customers conflicted, complained or dropped off. */
  hurt: number;
}

/** Paths shown per family. */
export const TOP_PATHS = 3;

/** Orders paths by labels, element by element (a prefix first). */
function comparePaths(x: readonly string[], y: readonly string[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}

/**
 * Each customer's part in each family it has steps of: the path, the steps' models, and the harm blamed on the
 * family (see {@link auditJourneys}).
 */
export function auditCustomerParts(spans: readonly BusinessSpan[], violations: readonly Violation[], options: JourneyAuditOptions = {}): AuditCustomerPart[] {
  const familyOf = options.familyOf ?? ((s: BusinessSpan) => s.journeyId ?? s.agent);
  const labelOf = options.labelOf ?? ((s: BusinessSpan) => s.journeyStep ?? s.intent ?? s.event ?? s.name);
  const maxPath = options.maxPathLength ?? DEFAULT_MAX_PATH_LENGTH;
  const violationSpans = new Map<string, Set<string>>();
  for (const v of violations) {
    let keys = violationSpans.get(v.customerId);
    if (!keys) violationSpans.set(v.customerId, (keys = new Set()));
    for (const s of v.spans) keys.add(`${s.traceId}/${s.spanId}`);
  }
  const harms = new Map<string, Array<{ ms: number; complaint: boolean; dropOff: boolean }>>();
  for (const s of spans) {
    if (s.customerId === undefined) continue;
    const complaint = (s.outcome !== undefined && COMPLAINT_OUTCOMES.includes(s.outcome)) || (s.event !== undefined && COMPLAINT_EVENTS.includes(s.event));
    const dropOff = s.outcome !== undefined && DROP_OFF_OUTCOMES.includes(s.outcome);
    if (!complaint && !dropOff) continue;
    const list = harms.get(s.customerId);
    if (list) list.push({ ms: s.startMs, complaint, dropOff });
    else harms.set(s.customerId, [{ ms: s.startMs, complaint, dropOff }]);
  }
  const out: AuditCustomerPart[] = [];
  for (const { customerId, steps } of collectCustomerSteps(spans)) {
    const perFamily = new Map<string, AuditCustomerPart>();
    // Which family acted when, in time order: harm is blamed on the family that acted last at or before it.
    const timeline: Array<{ startMs: number; part: AuditCustomerPart }> = [];
    const conflictKeys = violationSpans.get(customerId);
    for (const step of steps) {
      const first = spans[step.spans[0]!]!;
      const family = familyOf(first);
      if (family === undefined) continue;
      let part = perFamily.get(family);
      if (!part) {
        part = { family, customerId, path: [], command: 0, network: 0, conflicted: false, complained: false, dropped: false };
        perFamily.set(family, part);
      }
      timeline.push({ startMs: step.startMs, part });
      if (part.path.length < maxPath) part.path.push(labelOf(first));
      if (step.model === 'command') part.command++;
      else if (step.model === 'network') part.network++;
      if (conflictKeys && step.spans.some((i) => conflictKeys.has(`${spans[i]!.traceId}/${spans[i]!.spanId}`))) part.conflicted = true;
    }
    for (const harm of harms.get(customerId) ?? []) {
      const blamed = timeline[upperBound(timeline, harm.ms) - 1]?.part;
      if (blamed && harm.complaint) blamed.complained = true;
      if (blamed && harm.dropOff) blamed.dropped = true;
    }
    out.push(...perFamily.values());
  }
  return out;
}

/** The customers' parts added up per family. */
export function tallyFamilies(parts: readonly AuditCustomerPart[]): FamilyTally[] {
  const families = new Map<string, { tally: FamilyTally; paths: Map<string, { path: string[]; customers: number }> }>();
  for (const p of parts) {
    let f = families.get(p.family);
    if (!f) {
      const tally: FamilyTally = { family: p.family, customers: 0, pathSizes: [], topPaths: [], command: 0, network: 0, conflicted: 0, complained: 0, dropped: 0, hurt: 0 };
      families.set(p.family, (f = { tally, paths: new Map() }));
    }
    const t = f.tally;
    t.customers++;
    t.command += p.command;
    t.network += p.network;
    t.conflicted += Number(p.conflicted);
    t.complained += Number(p.complained);
    t.dropped += Number(p.dropped);
    t.hurt += Number(p.conflicted || p.complained || p.dropped);
    const key = p.path.join('\u0000');
    const entry = f.paths.get(key);
    if (entry) entry.customers++;
    else f.paths.set(key, { path: p.path, customers: 1 });
  }
  return [...families.values()].map(({ tally, paths }) => {
    const sizes = new Map<number, number>();
    for (const { customers } of paths.values()) sizes.set(customers, (sizes.get(customers) ?? 0) + 1);
    tally.pathSizes = [...sizes].sort((x, y) => x[0] - y[0]);
    tally.topPaths = [...paths.values()].sort((x, y) => y.customers - x.customers || comparePaths(x.path, y.path)).slice(0, TOP_PATHS);
    return tally;
  });
}

/** Shannon entropy (bits) of a path distribution given as {@link FamilyTally.pathSizes} over `n` customers. */
function pathEntropyBits(pathSizes: ReadonlyArray<readonly [number, number]>, n: number): number {
  let entropy = 0;
  for (const [k, m] of pathSizes) {
    const p = k / n;
    entropy -= m * p * Math.log2(p);
  }
  return entropy;
}

/** The verdicts of the tallied families (see {@link auditJourneys}), most customers first. */
export function auditVerdicts(tallies: readonly FamilyTally[], options: JourneyAuditOptions = {}): JourneyAudit[] {
  const predictableAt = options.predictabilityThreshold ?? DEFAULT_PREDICTABILITY_THRESHOLD;
  const highImpactAt = options.impactThreshold ?? DEFAULT_IMPACT_THRESHOLD;
  const minCustomers = options.minCustomers ?? DEFAULT_MIN_AUDIT_CUSTOMERS;
  const audits = tallies.map((t): JourneyAudit => {
    const n = t.customers;
    const entropy = pathEntropyBits(t.pathSizes, n);
    const predictability = n <= 1 ? 1 : Math.max(0, 1 - entropy / Math.log2(n));
    const impact = t.hurt / n;
    const quadrant: AuditQuadrant = `${predictability >= predictableAt ? 'predictable' : 'unpredictable'}-${impact >= highImpactAt ? 'high' : 'low'}-impact`;
    return {
      family: t.family,
      model: t.command > 0 && t.network > 0 ? 'mixed' : t.command > 0 ? 'command' : t.network > 0 ? 'network' : null,
      customers: n,
      distinctPaths: t.pathSizes.reduce((sum, [, m]) => sum + m, 0),
      topPaths: t.topPaths,
      entropyBits: entropy,
      predictability,
      impact,
      conflictRate: t.conflicted / n,
      complaintRate: t.complained / n,
      dropOffRate: t.dropped / n,
      quadrant,
      ...RECOMMENDATION[quadrant],
      lowData: n < minCustomers,
    };
  });
  audits.sort((x, y) => y.customers - x.customers || (x.family < y.family ? -1 : 1));
  return audits;
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
  return auditVerdicts(tallyFamilies(auditCustomerParts(spans, violations, options)), options);
}
