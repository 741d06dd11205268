/**
 * Layered layout of a causal chain (Sugiyama-style, kept lean for 5,000+ nodes): a topological order that tolerates
 * cycles, longest-path layering, then barycentric ordering inside each layer. Pure and DOM-free: the canvas chart only
 * draws the coordinates computed here, so layout runs once per chain and zoom/pan only redraws.
 */
import type { CausalChain, ChainEdge, ChainNode } from '../../../collector/analysis/buildCausalDag.js';
import { spanKey } from './spanKey.js';

/** Horizontal distance between layers and vertical distance between rows, in layout units (pixels at zoom 1). */
export const LAYER_GAP = 190;
export const ROW_GAP = 28;

/** An edge of the layout, over node indices. */
export interface LayoutEdge {
  source: number;
  target: number;
  kind: ChainEdge['kind'];
  /** False for `context_read` links. */
  causal: boolean;
  /** The edge closes a cycle (flagged by the server or found while ordering): drawn highlighted. */
  cycle: boolean;
}

/** Positions of every node and the edges between them. */
export interface ChainLayout {
  nodes: ChainNode[];
  edges: LayoutEdge[];
  x: Float64Array;
  y: Float64Array;
  layer: Int32Array;
  layerCount: number;
  /** Node index by {@link spanKey}. */
  indexOf: Map<string, number>;
  /** 1 for nodes on a cycle. */
  onCycle: Uint8Array;
  /** Edge indices into and out of each node. */
  incoming: number[][];
  outgoing: number[][];
  /** Bounding box of the node centres. */
  bounds: { x0: number; y0: number; x1: number; y1: number };
}

/** Sweeps of barycentric ordering (down then up); more barely changes crossings on chains. */
const ORDERING_SWEEPS = 4;

/**
 * Topological order by Kahn's algorithm over the edges not flagged as cycles. If it stalls (a cycle the server did
 * not flag, e.g. a truncated chain), the earliest remaining node is released and its unresolved in-edges become cycle
 * edges, so the layout always terminates instead of looping like tree-only viewers.
 */
function topologicalOrder(n: number, edges: LayoutEdge[], incoming: number[][], outgoing: number[][]): number[] {
  const pending = new Int32Array(n);
  for (const e of edges) if (!e.cycle) pending[e.target]!++;
  const done = new Uint8Array(n);
  const order: number[] = [];
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (pending[i] === 0) queue.push(i);
  let head = 0;
  let nextUnreleased = 0;
  while (order.length < n) {
    if (head === queue.length) {
      // Everything queued is done, so the first node not done is the earliest one still waiting.
      while (done[nextUnreleased] === 1) nextUnreleased++;
      for (const ei of incoming[nextUnreleased]!) {
        const e = edges[ei]!;
        if (!e.cycle && done[e.source] === 0) e.cycle = true;
      }
      queue.push(nextUnreleased);
    }
    const v = queue[head++]!;
    if (done[v] === 1) continue;
    done[v] = 1;
    order.push(v);
    for (const ei of outgoing[v]!) {
      const e = edges[ei]!;
      if (e.cycle || done[e.target] === 1) continue;
      if (--pending[e.target]! === 0) queue.push(e.target);
    }
  }
  return order;
}

/** Reorders one layer by the mean relative position of each node's neighbours; nodes without any keep their place. */
function orderLayerByBarycentre(
  members: number[],
  rel: Float64Array,
  neighbours: (v: number) => Iterable<number>,
  isOnSide: (u: number) => boolean,
): void {
  const bary = new Map<number, number>();
  members.forEach((v, i) => {
    let sum = 0;
    let count = 0;
    for (const u of neighbours(v)) {
      if (!isOnSide(u)) continue;
      sum += rel[u]!;
      count++;
    }
    bary.set(v, count > 0 ? sum / count : members.length > 1 ? i / (members.length - 1) : 0.5);
  });
  members.sort((a, b) => bary.get(a)! - bary.get(b)! || a - b);
  members.forEach((v, i) => (rel[v] = members.length > 1 ? i / (members.length - 1) : 0.5));
}

/** Computes the layout of a chain. Nodes keep the chain's order (time order); edges to unknown spans are dropped. */
export function layoutChain(chain: Pick<CausalChain, 'nodes' | 'edges'>): ChainLayout {
  const nodes = chain.nodes;
  const n = nodes.length;
  const indexOf = new Map<string, number>();
  nodes.forEach((node, i) => indexOf.set(spanKey(node.traceId, node.spanId), i));

  const edges: LayoutEdge[] = [];
  const incoming: number[][] = Array.from({ length: n }, () => []);
  const outgoing: number[][] = Array.from({ length: n }, () => []);
  for (const e of chain.edges) {
    const source = indexOf.get(spanKey(e.fromTraceId, e.from));
    const target = indexOf.get(spanKey(e.toTraceId, e.to));
    if (source === undefined || target === undefined) continue;
    // A self-link is a cycle of length one.
    edges.push({ source, target, kind: e.kind, causal: e.causal, cycle: e.cycle === true || source === target });
    incoming[target]!.push(edges.length - 1);
    outgoing[source]!.push(edges.length - 1);
  }

  const order = topologicalOrder(n, edges, incoming, outgoing);

  // Longest-path layering: a node sits one layer right of its furthest predecessor.
  const layer = new Int32Array(n);
  let layerCount = n > 0 ? 1 : 0;
  for (const v of order) {
    let l = 0;
    for (const ei of incoming[v]!) {
      const e = edges[ei]!;
      if (!e.cycle) l = Math.max(l, layer[e.source]! + 1);
    }
    layer[v] = l;
    layerCount = Math.max(layerCount, l + 1);
  }

  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  for (let i = 0; i < n; i++) layers[layer[i]!]!.push(i); // time order inside each layer to start with
  const rel = new Float64Array(n);
  for (const members of layers) members.forEach((v, i) => (rel[v] = members.length > 1 ? i / (members.length - 1) : 0.5));

  function* sources(v: number): Iterable<number> {
    for (const ei of incoming[v]!) if (!edges[ei]!.cycle) yield edges[ei]!.source;
  }
  function* targets(v: number): Iterable<number> {
    for (const ei of outgoing[v]!) if (!edges[ei]!.cycle) yield edges[ei]!.target;
  }
  for (let sweep = 0; sweep < ORDERING_SWEEPS; sweep++) {
    const down = sweep % 2 === 0;
    for (let k = 1; k < layerCount; k++) {
      const l = down ? k : layerCount - 1 - k;
      orderLayerByBarycentre(layers[l]!, rel, down ? sources : targets, (u) => (down ? layer[u]! < l : layer[u]! > l));
    }
  }

  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const bounds = { x0: 0, y0: 0, x1: 0, y1: 0 };
  layers.forEach((members, l) => {
    const top = -((members.length - 1) * ROW_GAP) / 2;
    members.forEach((v, i) => {
      x[v] = l * LAYER_GAP;
      y[v] = top + i * ROW_GAP;
    });
    bounds.x1 = Math.max(bounds.x1, l * LAYER_GAP);
    bounds.y0 = Math.min(bounds.y0, top);
    bounds.y1 = Math.max(bounds.y1, -top);
  });

  const onCycle = new Uint8Array(n);
  for (const e of edges) {
    if (!e.cycle) continue;
    onCycle[e.source] = 1;
    onCycle[e.target] = 1;
  }
  return { nodes, edges, x, y, layer, layerCount, indexOf, onCycle, incoming, outgoing, bounds };
}

/** The node whose centre is nearest to (px, py) in layout units, within `radius`; -1 when none. Linear: runs on click. */
export function nodeAt(layout: ChainLayout, px: number, py: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < layout.nodes.length; i++) {
    const dx = layout.x[i]! - px;
    const dy = layout.y[i]! - py;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** The neighbours of a node for the details panel: parents, children, links in (producers) and out (reactions). */
export interface NodeNeighbours {
  parents: number[];
  children: number[];
  linkedFrom: number[];
  linkedTo: number[];
}

/** Lists a node's neighbours, so back-links (spans reacting to this one) are one click away. */
export function neighboursOf(layout: ChainLayout, i: number): NodeNeighbours {
  const result: NodeNeighbours = { parents: [], children: [], linkedFrom: [], linkedTo: [] };
  for (const ei of layout.incoming[i] ?? []) {
    const e = layout.edges[ei]!;
    (e.kind === 'parent' ? result.parents : result.linkedFrom).push(e.source);
  }
  for (const ei of layout.outgoing[i] ?? []) {
    const e = layout.edges[ei]!;
    (e.kind === 'parent' ? result.children : result.linkedTo).push(e.target);
  }
  return result;
}
