/**
 * The network map's view model: agents on a circle (command journeys on the left half, network agents on the right,
 * so the two models read apart), directly-follows edges weighted by count, and the edges and agents of detected
 * loops flagged.
 */
import type { DirectlyFollowsResult } from '../../../collector/analysis/buildDirectlyFollowsGraph.js';
import type { FeedbackLoop } from '../../../collector/analysis/findFeedbackLoops.js';

/** An agent on the map; `x`/`y` on the unit circle. */
export interface MapNode {
  agent: string;
  model: 'command' | 'network' | null;
  count: number;
  x: number;
  y: number;
  /** The agent takes part in a loop. */
  inLoop: boolean;
}

/** A directly-follows edge. */
export interface MapEdge {
  from: string;
  to: string;
  count: number;
  medianTransitionMs: number;
  /** Consecutive agents of some loop's cycle (wrapping around; a self-edge for a cycle of one). */
  inLoop: boolean;
  /** The opposite edge exists too: drawn as two arcs instead of one line. */
  bidirectional: boolean;
}

/** The map. */
export interface NetworkMapModel {
  nodes: MapNode[];
  edges: MapEdge[];
  maxNodeCount: number;
  maxEdgeCount: number;
}

function loopEdgeKeys(loops: readonly FeedbackLoop[]): Set<string> {
  const keys = new Set<string>();
  for (const loop of loops) {
    loop.agents.forEach((a, i) => keys.add(`${a}\u0000${loop.agents[(i + 1) % loop.agents.length]!}`));
  }
  return keys;
}

const MODEL_ORDER = { command: 0, network: 1 } as const;

/** Builds the map from `GET /api/paths` and `GET /api/loops`. */
export function buildNetworkMap(graph: DirectlyFollowsResult, loops: readonly FeedbackLoop[]): NetworkMapModel {
  const loopAgents = new Set(loops.flatMap((l) => l.agents));
  const loopKeys = loopEdgeKeys(loops);
  const sorted = [...graph.nodes].sort(
    (a, b) => (a.model ? MODEL_ORDER[a.model] : 2) - (b.model ? MODEL_ORDER[b.model] : 2) || a.agent.localeCompare(b.agent),
  );
  // Start at the top and go counter-clockwise, so command agents fill the left half and network agents the right.
  const nodes: MapNode[] = sorted.map((node, i) => {
    const angle = -Math.PI / 2 - (2 * Math.PI * (i + 0.5)) / Math.max(1, sorted.length);
    return { agent: node.agent, model: node.model, count: node.count, x: Math.cos(angle), y: Math.sin(angle), inLoop: loopAgents.has(node.agent) };
  });
  const present = new Set(graph.edges.map((e) => `${e.from}\u0000${e.to}`));
  const edges: MapEdge[] = graph.edges.map((e) => ({
    from: e.from,
    to: e.to,
    count: e.count,
    medianTransitionMs: e.medianTransitionMs,
    inLoop: loopKeys.has(`${e.from}\u0000${e.to}`),
    bidirectional: e.from !== e.to && present.has(`${e.to}\u0000${e.from}`),
  }));
  return {
    nodes,
    edges,
    maxNodeCount: Math.max(1, ...nodes.map((n) => n.count)),
    maxEdgeCount: Math.max(1, ...edges.map((e) => e.count)),
  };
}
