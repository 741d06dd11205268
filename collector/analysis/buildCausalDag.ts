import { LINK_TYPE_CONTEXT_READ } from '../../schemas/semconv.js';
import type { BusinessSpan } from './BusinessSpan.js';
import { SpanIndex } from './SpanIndex.js';
import { compareSpans, displayAgent, toIso } from './spanRef.js';

/** Nodes kept in one chain before it is reported as `truncated`. */
export const DEFAULT_MAX_CHAIN_NODES = 5000;
/** Cycles listed per chain (each cycle-closing edge is still flagged). */
export const DEFAULT_MAX_CHAIN_CYCLES = 100;

/** One span of a chain (CONTRACT §4 `/api/chains` node, with extra fields). */
export interface ChainNode {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  /** `flexix.agent`, else the journey id, else the service name. */
  agent: string;
  /** `null` when the span does not say which model took the decision. */
  model: 'command' | 'network' | null;
  name: string;
  serviceName: string;
  /** ISO 8601. */
  start: string;
  startMs: number;
  durationNs: number;
  customerId?: string;
  phase?: string;
  intent?: string;
  event?: string;
  channel?: string;
  subject?: string;
  journeyId?: string;
  journeyStep?: string;
  rule?: string;
  decision?: 'allow' | 'deny';
  hop?: number;
  outcome?: string;
}

/** A causal edge: from the parent to the child, or from the linked (producing) span to the linking span. */
export interface ChainEdge {
  from: string;
  to: string;
  kind: 'parent' | 'link';
  fromTraceId: string;
  toTraceId: string;
  /** The link's `flexix.link.type` (`context_read` is not causal). */
  linkType?: string;
  /** False only for `context_read` links. */
  causal: boolean;
  /** Set on an edge that closes a cycle (a depth-first back edge), so the UI can highlight it. */
  cycle?: true;
}

/** A causal chain (CONTRACT §4 shape plus `cycles`). */
export interface CausalChain {
  /** In time order. */
  nodes: ChainNode[];
  edges: ChainEdge[];
  /** True when the input had more spans than the node cap. */
  truncated: boolean;
  /** Each cycle as span ids in edge order, starting at the target of the closing edge. */
  cycles: string[][];
  /** Distinct spans in the input, before the cap. */
  totalSpans: number;
}

/** Where to start when the cap forces a choice. */
export interface SpanRefIds {
  traceId: string;
  spanId: string;
}

/** Options of {@link buildCausalDag}. */
export interface CausalDagOptions {
  maxNodes?: number;
  maxCycles?: number;
  /**
   * When the input exceeds `maxNodes`, keep the spans closest (in edges) to these seeds; without seeds the earliest
   * spans are kept.
   */
  seeds?: readonly SpanRefIds[];
}

function toNode(s: BusinessSpan): ChainNode {
  const node: ChainNode = {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    agent: displayAgent(s),
    model: s.model ?? null,
    name: s.name,
    serviceName: s.serviceName,
    start: toIso(s.startMs),
    startMs: s.startMs,
    durationNs: s.durationNs,
  };
  // Only defined fields, so JSON stays small; explicit ifs because this runs once per node.
  if (s.customerId !== undefined) node.customerId = s.customerId;
  if (s.phase !== undefined) node.phase = s.phase;
  if (s.intent !== undefined) node.intent = s.intent;
  if (s.event !== undefined) node.event = s.event;
  if (s.channel !== undefined) node.channel = s.channel;
  if (s.subject !== undefined) node.subject = s.subject;
  if (s.journeyId !== undefined) node.journeyId = s.journeyId;
  if (s.journeyStep !== undefined) node.journeyStep = s.journeyStep;
  if (s.rule !== undefined) node.rule = s.rule;
  if (s.decision !== undefined) node.decision = s.decision;
  if (s.hop !== undefined) node.hop = s.hop;
  if (s.outcome !== undefined) node.outcome = s.outcome;
  return node;
}

/**
 * Builds the causal DAG of a set of already fetched spans (the chain): an edge from each parent to its child and from
 * each linked (producing) span to the span holding the link, when both ends are in the set. Never recurses over the
 * data, so link cycles (which real data has: Grafana loops forever on them) terminate; the edges that close a cycle
 * are flagged and the cycles listed. Above `maxNodes` spans the result is cut and `truncated` is set.
 */
export function buildCausalDag(spans: readonly BusinessSpan[], options: CausalDagOptions = {}): CausalChain {
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_CHAIN_NODES;
  const maxCycles = options.maxCycles ?? DEFAULT_MAX_CHAIN_CYCLES;
  const index = new SpanIndex(spans);
  const unique: number[] = [];
  for (let i = 0; i < spans.length; i++) if (!index.isDuplicate(i)) unique.push(i);
  unique.sort((x, y) => compareSpans(spans[x]!, spans[y]!));

  // Raw edges over span indices (both ends in the set).
  type RawEdge = { from: number; to: number; kind: 'parent' | 'link'; linkType?: string };
  const raw: RawEdge[] = [];
  for (const i of unique) {
    const p = index.parentOf(i);
    if (p !== -1) raw.push({ from: p, to: i, kind: 'parent' });
    const links = spans[i]!.links;
    for (let k = 0; k < links.length; k++) {
      const link = links[k]!;
      const t = index.indexOf(link.traceId, link.spanId);
      // A span linking twice to the same span (and kind) is one edge; parents are unique by construction.
      if (t === -1 || links.slice(0, k).some((l) => index.indexOf(l.traceId, l.spanId) === t)) continue;
      raw.push(link.type === undefined ? { from: t, to: i, kind: 'link' } : { from: t, to: i, kind: 'link', linkType: link.type });
    }
  }

  let kept: number[] = unique;
  const truncated = unique.length > maxNodes;
  if (truncated) kept = selectNodes(index, unique, raw, maxNodes, options.seeds ?? []);
  const keptMark = new Uint8Array(spans.length);
  if (truncated) {
    for (const i of kept) keptMark[i] = 1;
    kept.sort((x, y) => compareSpans(spans[x]!, spans[y]!));
  } else keptMark.fill(1);

  const edges: ChainEdge[] = [];
  const edgeEnds: Array<[number, number]> = [];
  for (const e of raw) {
    if (keptMark[e.from] === 0 || keptMark[e.to] === 0) continue;
    const from = spans[e.from]!;
    const to = spans[e.to]!;
    const edge: ChainEdge = {
      from: from.spanId,
      to: to.spanId,
      kind: e.kind,
      fromTraceId: from.traceId,
      toTraceId: to.traceId,
      causal: e.kind === 'parent' || e.linkType !== LINK_TYPE_CONTEXT_READ,
    };
    if (e.linkType !== undefined) edge.linkType = e.linkType;
    edges.push(edge);
    edgeEnds.push([e.from, e.to]);
  }
  const cycles = markCycles(kept, spans.length, edges, edgeEnds, (i) => spans[i]!.spanId, maxCycles);
  return { nodes: kept.map((i) => toNode(spans[i]!)), edges, truncated, cycles, totalSpans: unique.length };
}

/** Breadth-first from the seeds over edges in both directions, then the earliest spans, until `max` are chosen. */
function selectNodes(
  index: SpanIndex,
  unique: number[],
  raw: Array<{ from: number; to: number }>,
  max: number,
  seeds: readonly SpanRefIds[],
): number[] {
  const chosen = new Set<number>();
  const queue: number[] = [];
  for (const seed of seeds) {
    const i = index.indexOf(seed.traceId.toLowerCase(), seed.spanId.toLowerCase());
    if (i !== -1 && !chosen.has(i) && chosen.size < max) {
      chosen.add(i);
      queue.push(i);
    }
  }
  if (queue.length > 0) {
    const adjacency = new Map<number, number[]>();
    const add = (a: number, b: number): void => {
      const list = adjacency.get(a);
      if (list) list.push(b);
      else adjacency.set(a, [b]);
    };
    for (const e of raw) {
      add(e.from, e.to);
      add(e.to, e.from);
    }
    for (let head = 0; head < queue.length && chosen.size < max; head++) {
      for (const next of adjacency.get(queue[head]!) ?? []) {
        if (chosen.size >= max) break;
        if (!chosen.has(next)) {
          chosen.add(next);
          queue.push(next);
        }
      }
    }
  }
  for (const i of unique) {
    if (chosen.size >= max) break;
    chosen.add(i);
  }
  return [...chosen];
}

/** Iterative depth-first search (no recursion: chains can be deep); flags back edges and records their cycles. */
function markCycles(
  nodes: number[],
  size: number,
  edges: ChainEdge[],
  ends: Array<[number, number]>,
  label: (node: number) => string,
  maxCycles: number,
): string[][] {
  // Out-edges in compressed rows: first[node] .. first[node + 1] index into `order`.
  const first = new Int32Array(size + 1);
  for (const [from] of ends) first[from + 1]!++;
  for (let i = 0; i < size; i++) first[i + 1]! += first[i]!;
  const fill = first.slice(0, size);
  const order = new Int32Array(ends.length);
  ends.forEach(([from], e) => (order[fill[from]!++] = e));
  const state = new Uint8Array(size); // 0 = unvisited, 1 = on the stack, 2 = done
  const stackPos = new Int32Array(size);
  const cursor = new Int32Array(size);
  const stack: number[] = [];
  const cycles: string[][] = [];
  for (const root of nodes) {
    if (state[root] !== 0) continue;
    state[root] = 1;
    stackPos[root] = 0;
    cursor[root] = first[root]!;
    stack.push(root);
    while (stack.length > 0) {
      const node = stack[stack.length - 1]!;
      const c = cursor[node]!;
      if (c >= first[node + 1]!) {
        state[node] = 2;
        stack.pop();
        continue;
      }
      cursor[node] = c + 1;
      const e = order[c]!;
      const target = ends[e]![1];
      if (state[target] === 0) {
        state[target] = 1;
        stackPos[target] = stack.length;
        cursor[target] = first[target]!;
        stack.push(target);
      } else if (state[target] === 1) {
        edges[e]!.cycle = true;
        if (cycles.length < maxCycles) cycles.push(stack.slice(stackPos[target]!).map(label));
      }
    }
  }
  return cycles;
}
