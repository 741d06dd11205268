/**
 * Typed client of the query API (CONTRACT §4). Shapes come from the server's analysis modules as types only, so the
 * bundle never pulls server code. Every request of a view shares that view's abort signal: leaving a view cancels
 * what it still waits for.
 */
import type { CausalChain, ChainNode } from '../../collector/analysis/buildCausalDag.js';
import type { DirectlyFollowsResult } from '../../collector/analysis/buildDirectlyFollowsGraph.js';
import type { ChangeLatency } from '../../collector/analysis/computeChangeLatency.js';
import type { RuleReactionLatency } from '../../collector/analysis/computeReactionLatency.js';
import type { FeedbackLoop } from '../../collector/analysis/findFeedbackLoops.js';
import type { JourneyAudit } from '../../collector/analysis/auditJourneys.js';
import type { Violation } from '../../collector/analysis/Violation.js';
import type { WeeklyReport } from '../../collector/analysis/buildWeeklyReport.js';

export type { CausalChain, ChainNode, DirectlyFollowsResult, ChangeLatency, RuleReactionLatency, FeedbackLoop, JourneyAudit, Violation, WeeklyReport };

/** `GET /api/customers` item. */
export interface CustomerSummary {
  customerId: string;
  spans: number;
  messages: number;
  /** Not every server version counts conflicts per customer. */
  conflicts?: number;
  lastSeen: string;
}

/** `GET /api/customers/:id/timeline`. */
export interface CustomerTimeline {
  customerId: string;
  /** Time order: the customer's spans plus global events that concern them. */
  spans: ChainNode[];
  conflicts: Violation[];
}

/** `GET /api/spans/:traceId/:spanId`: the full stored span. */
export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: string;
  serviceName: string;
  start: string;
  durationNs: number;
  status: string;
  statusMessage: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  scope: { name: string; version: string };
  events: Array<{ time: string; name: string; attributes: Record<string, unknown> }>;
  links: Array<{ traceId: string; spanId: string; attributes: Record<string, unknown> }>;
}

/** `GET /api/change-latency`. */
export type ChangeLatencyResponse = ChangeLatency & { reaction: RuleReactionLatency[] };

/** A time window in epoch milliseconds. */
export interface RangeMs {
  fromMs: number;
  toMs: number;
}

/** A failed request: the server's `{error}` message and the HTTP status (0 for a network failure). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The API, one method per endpoint. */
export interface ApiClient {
  customers(search: string, range: RangeMs, limit?: number): Promise<{ customers: CustomerSummary[] }>;
  timeline(customerId: string, range: RangeMs): Promise<CustomerTimeline>;
  chainOfTrace(traceId: string): Promise<CausalChain>;
  chainOfCustomer(customerId: string, range: RangeMs): Promise<CausalChain>;
  span(traceId: string, spanId: string): Promise<StoredSpan>;
  paths(range: RangeMs, model?: string): Promise<DirectlyFollowsResult>;
  loops(range: RangeMs): Promise<{ loops: FeedbackLoop[] }>;
  conflicts(range: RangeMs, customerId?: string): Promise<{ conflicts: Violation[] }>;
  changeLatency(range: RangeMs): Promise<ChangeLatencyResponse>;
  weeklyReport(week: string): Promise<WeeklyReport>;
  audit(range: RangeMs): Promise<{ journeys: JourneyAudit[] }>;
}

/** URL of the weekly report as Markdown (a download link, not a fetch). */
export function weeklyReportMarkdownUrl(week: string, baseUrl = ''): string {
  return `${baseUrl}/api/reports/weekly?${new URLSearchParams({ week, format: 'md' }).toString()}`;
}

function rangeParams(range: RangeMs): Record<string, string> {
  return { from: String(Math.floor(range.fromMs)), to: String(Math.ceil(range.toMs)) };
}

/** Creates a client for the API at `baseUrl` (same origin by default). */
export function createApiClient(options: { baseUrl?: string; signal?: AbortSignal } = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  async function get<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, v);
    const qs = query.toString();
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/api${path}${qs ? `?${qs}` : ''}`, { signal: options.signal, headers: { accept: 'application/json' } });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new ApiError(`The server did not answer (${String(err)}).`, 0);
    }
    if (!res.ok) {
      // The API answers `{error}`; a proxy in between may answer anything.
      const body: unknown = await res.json().catch(() => undefined);
      const message = typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : `${res.status} ${res.statusText}`;
      throw new ApiError(message, res.status);
    }
    return (await res.json()) as T;
  }
  const seg = encodeURIComponent;
  return {
    customers: (search, range, limit = 50) => get('/customers', { search, limit: String(limit), ...rangeParams(range) }),
    timeline: (id, range) => get(`/customers/${seg(id)}/timeline`, rangeParams(range)),
    chainOfTrace: (traceId) => get(`/chains/trace/${seg(traceId)}`),
    chainOfCustomer: (id, range) => get('/chains', { customer: id, ...rangeParams(range) }),
    span: (traceId, spanId) => get(`/spans/${seg(traceId)}/${seg(spanId)}`),
    paths: (range, model) => get('/paths', { model, ...rangeParams(range) }),
    loops: (range) => get('/loops', rangeParams(range)),
    conflicts: (range, customerId) => get('/conflicts', { customer: customerId, ...rangeParams(range) }),
    changeLatency: (range) => get('/change-latency', rangeParams(range)),
    weeklyReport: (week) => get('/reports/weekly', { week }),
    audit: (range) => get('/audit', rangeParams(range)),
  };
}
