import type { BusinessSpan } from './BusinessSpan.js';
import { collectCustomerSteps, type ActionStep } from './actionSteps.js';
import { median } from './quantile.js';

/** An agent in the directly-follows graph. */
export interface DfgNode {
  agent: string;
  /** The model most of the agent's steps declare; `null` when none does. */
  model: 'command' | 'network' | null;
  /** Action steps of the agent. */
  count: number;
}

/** "`to` acted next for the same customer after `from`". */
export interface DfgEdge {
  from: string;
  to: string;
  count: number;
  /** Exact median (nearest rank) of the time between the two steps' starts, to the microsecond. */
  medianTransitionMs: number;
}

/** A directly-follows graph. */
export interface DirectlyFollowsGraph {
  nodes: DfgNode[];
  edges: DfgEdge[];
}

/** The graph of one customer. */
export interface CustomerDirectlyFollowsGraph extends DirectlyFollowsGraph {
  customerId: string;
}

/** Options of {@link buildDirectlyFollowsGraph}. */
export interface DirectlyFollowsOptions {
  /** Consecutive steps further apart than this are not a transition (default: no limit). */
  maxTransitionMs?: number;
  /** Also return each customer's own graph (default false: with many customers it is large). */
  perCustomer?: boolean;
  /** Node granularity: `agent` (default; a journey is one node) or `actor` (a journey step is one node). */
  granularity?: 'agent' | 'actor';
}

/** The network-wide graph, and per customer when asked. */
export interface DirectlyFollowsResult extends DirectlyFollowsGraph {
  customers?: CustomerDirectlyFollowsGraph[];
}

class GraphBuilder {
  private readonly nodes = new Map<string, { count: number; command: number; network: number }>();
  private readonly edges = new Map<string, { from: string; to: string; gaps: number[] }>();

  addNode(name: string, step: ActionStep): void {
    let n = this.nodes.get(name);
    if (!n) this.nodes.set(name, (n = { count: 0, command: 0, network: 0 }));
    n.count++;
    if (step.model === 'command') n.command++;
    else if (step.model === 'network') n.network++;
  }

  addEdge(from: string, to: string, gapMs: number): void {
    const key = `${from}\u0000${to}`;
    let e = this.edges.get(key);
    if (!e) this.edges.set(key, (e = { from, to, gaps: [] }));
    e.gaps.push(gapMs);
  }

  build(): DirectlyFollowsGraph {
    const edges = [...this.edges.values()].map((e) => ({ from: e.from, to: e.to, count: e.gaps.length, medianTransitionMs: toMicroseconds(median(e.gaps) ?? 0) }));
    return directlyFollowsGraphOf([...this.nodes].map(([agent, n]) => ({ agent, ...n })), edges);
  }
}

/**
 * A time in ms rounded to the microsecond: the spans' ns times differ from epoch ms as doubles (where a difference
 * carries noise below the microsecond), so the graph's times are exact to that precision whichever was used.
 */
export function toMicroseconds(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** An agent's steps: how many, and how many of them declare each model. */
export interface DfgNodeCounts {
  agent: string;
  count: number;
  command: number;
  network: number;
}

/** The graph of these nodes (each one's model the one most of its steps declare) and edges, in display order. */
export function directlyFollowsGraphOf(counts: readonly DfgNodeCounts[], edges: DfgEdge[]): DirectlyFollowsGraph {
  const nodes: DfgNode[] = counts.map((n) => ({
    agent: n.agent,
    model: n.command === 0 && n.network === 0 ? null : n.command > n.network ? 'command' : 'network',
    count: n.count,
  }));
  nodes.sort((x, y) => y.count - x.count || (x.agent < y.agent ? -1 : 1));
  edges.sort((x, y) => y.count - x.count || (x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : 1));
  return { nodes, edges };
}

/** A customer's step as the graph counts it: its agent, the agent of the customer's step before ('' for the first). */
export interface DfgStep {
  from: string;
  to: string;
  model?: 'command' | 'network';
  /** Time since the previous step's start, in ns (0 for the first). */
  gapNs: number;
}

/** Every customer's steps, each with the one before it (what {@link buildDirectlyFollowsGraph} counts), agents as nodes. */
export function directlyFollowsSteps(spans: readonly BusinessSpan[]): DfgStep[] {
  const out: DfgStep[] = [];
  for (const { steps } of collectCustomerSteps(spans)) {
    steps.forEach((step, i) => {
      const prev = steps[i - 1];
      out.push({ from: prev?.agent ?? '', to: step.agent, model: step.model, gapNs: prev ? Math.round((step.startMs - prev.startMs) * 1e6) : 0 });
    });
  }
  return out;
}

/**
 * Path discovery: the agents' directly-follows graph. For each customer, that customer's action steps (see
 * `actionSteps.ts`) in time order; each consecutive pair is one transition. Works without any propagated context,
 * since only the customer id and the time order are used. The network-wide graph sums the per-customer transitions,
 * so an edge never joins two different customers' actions. Spans without a customer are nobody's path and are left out.
 */
export function buildDirectlyFollowsGraph(spans: readonly BusinessSpan[], options: DirectlyFollowsOptions = {}): DirectlyFollowsResult {
  const maxGap = options.maxTransitionMs ?? Infinity;
  const nameOf = options.granularity === 'actor' ? (s: ActionStep) => s.actor : (s: ActionStep) => s.agent;
  const stepsByCustomer = collectCustomerSteps(spans);
  const network = new GraphBuilder();
  const customers: CustomerDirectlyFollowsGraph[] = [];
  for (const { customerId, steps } of [...stepsByCustomer].sort((x, y) => (x.customerId < y.customerId ? -1 : 1))) {
    const own = options.perCustomer ? new GraphBuilder() : undefined;
    steps.forEach((step, i) => {
      const name = nameOf(step);
      network.addNode(name, step);
      own?.addNode(name, step);
      const prev = steps[i - 1];
      if (prev === undefined) return;
      const gap = step.startMs - prev.startMs;
      if (gap > maxGap) return;
      network.addEdge(nameOf(prev), name, gap);
      own?.addEdge(nameOf(prev), name, gap);
    });
    if (own) customers.push({ customerId, ...own.build() });
  }
  const result: DirectlyFollowsResult = network.build();
  if (options.perCustomer) result.customers = customers;
  return result;
}
