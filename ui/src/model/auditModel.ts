/**
 * The journey audit's 2x2: each journey (or agent family) placed by predictability (x) and impact (y), coloured by the
 * model it should run in. The quadrant and recommendation come from the server; the guide lines are drawn at the
 * server's default thresholds.
 */
import type { JourneyAudit } from '../../../collector/analysis/auditJourneys.js';
import { formatShare } from './format.js';

/** Mirrors `DEFAULT_PREDICTABILITY_THRESHOLD` / `DEFAULT_IMPACT_THRESHOLD` of the server (values cannot be imported
 * into the bundle); the quadrant of each point is still the server's. */
export const PREDICTABILITY_THRESHOLD = 0.5;
export const IMPACT_THRESHOLD = 0.1;

/** One point of the scatter. */
export interface AuditPoint {
  family: string;
  model: JourneyAudit['model'];
  predictability: number;
  impact: number;
  customers: number;
  distinctPaths: number;
  /** The most common path, its steps joined by arrows. */
  topPath: string;
  recommendation: JourneyAudit['recommendation'];
  quadrant: JourneyAudit['quadrant'];
  rationale: string;
  lowData: boolean;
  /** One-line summary for the tooltip and the table. */
  summary: string;
}

/** The scatter's four quadrants, with the question each asks. */
export const QUADRANTS = [
  { quadrant: 'predictable-low-impact', x: 1, y: 0, title: 'Predictable, low impact' },
  { quadrant: 'predictable-high-impact', x: 1, y: 1, title: 'Predictable, high impact' },
  { quadrant: 'unpredictable-low-impact', x: 0, y: 0, title: 'Unpredictable, low impact' },
  { quadrant: 'unpredictable-high-impact', x: 0, y: 1, title: 'Unpredictable, high impact' },
] as const;

/** Builds the points, the riskiest (highest impact) first so they are drawn on top and listed first. */
export function buildAuditPoints(journeys: readonly JourneyAudit[]): AuditPoint[] {
  return journeys
    .map((j) => ({
      family: j.family,
      model: j.model,
      predictability: j.predictability,
      impact: j.impact,
      customers: j.customers,
      distinctPaths: j.distinctPaths,
      topPath: j.topPaths[0]?.path.join(' → ') ?? '',
      recommendation: j.recommendation,
      quadrant: j.quadrant,
      rationale: j.rationale,
      lowData: j.lowData,
      summary: `${j.family}: predictability ${formatShare(j.predictability)}, impact ${formatShare(j.impact)}, ${j.customers} customers → ${j.recommendation}${j.lowData ? ' (little data)' : ''}`,
    }))
    .sort((a, b) => b.impact - a.impact || a.family.localeCompare(b.family));
}
