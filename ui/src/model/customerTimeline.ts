/**
 * The customer debugger's view model: one swimlane per agent (command journeys, then network agents, then global
 * events and other services), every span placed on it, messages labelled with channel and intent, and each conflict
 * joined to the messages it concerns.
 */
import type { ChainNode } from '../../../collector/analysis/buildCausalDag.js';
import type { Violation } from '../../../collector/analysis/Violation.js';
import { spanKey } from './spanKey.js';

/** What a lane holds: a command journey, a network agent, global events (no customer), or anything else. */
export type LaneKind = 'command' | 'network' | 'global' | 'other';

/** One swimlane. */
export interface TimelineLane {
  agent: string;
  kind: LaneKind;
  index: number;
  /** Spans on the lane. */
  count: number;
}

/** One span on the timeline. */
export interface TimelineItem {
  key: string;
  node: ChainNode;
  lane: number;
  atMs: number;
  /** The span reached the customer (it has an intent). */
  isMessage: boolean;
  /** `intent · channel` for messages, else the event or span name. */
  label: string;
  /** Rules of the conflicts this span takes part in. */
  rules: string[];
}

/** A conflict drawn on the timeline: between its first and last spans found on the timeline. */
export interface TimelineConflict {
  rule: string;
  kind: Violation['kind'];
  atMs: number;
  /** Key of the earliest span of the violation shown; equal to `to` when only one is shown. */
  from: string;
  to: string;
  /** `rule (subject)` or the rule alone. */
  label: string;
}

/** The customer debugger model. */
export interface CustomerTimelineModel {
  customerId: string;
  lanes: TimelineLane[];
  items: TimelineItem[];
  /** Only the items that are messages, in time order (the accessible list under the chart). */
  messages: TimelineItem[];
  conflicts: TimelineConflict[];
  /** Time domain of the items; `[0, 0]` when empty. */
  extentMs: [number, number];
}

const KIND_ORDER: Record<LaneKind, number> = { command: 0, network: 1, global: 2, other: 3 };

function laneKind(node: ChainNode): LaneKind {
  if (node.customerId === undefined) return 'global';
  return node.model ?? 'other';
}

/** Label of a span: a message shows what it does and how it reached the customer. */
export function spanLabel(node: ChainNode): string {
  if (node.intent !== undefined) return node.channel !== undefined ? `${node.intent} · ${node.channel}` : node.intent;
  if (node.decision !== undefined && node.rule !== undefined) return `${node.decision} ${node.rule}`;
  return node.event ?? node.journeyStep ?? node.name;
}

/** Builds the timeline of one customer from `GET /api/customers/:id/timeline`. */
export function buildCustomerTimeline(customerId: string, spans: readonly ChainNode[], conflicts: readonly Violation[]): CustomerTimelineModel {
  // Lanes in a stable order: by kind, then by first appearance (spans arrive in time order).
  const firstSeen = new Map<string, { kind: LaneKind; order: number; count: number }>();
  spans.forEach((node, order) => {
    const lane = firstSeen.get(node.agent);
    if (lane) lane.count++;
    else firstSeen.set(node.agent, { kind: laneKind(node), order, count: 1 });
  });
  const lanes: TimelineLane[] = [...firstSeen.entries()]
    .sort(([, a], [, b]) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.order - b.order)
    .map(([agent, { kind, count }], index) => ({ agent, kind, index, count }));
  const laneOf = new Map(lanes.map((l) => [l.agent, l.index]));

  const rulesByKey = new Map<string, string[]>();
  for (const v of conflicts) {
    for (const s of v.spans) {
      const key = spanKey(s.traceId, s.spanId);
      const rules = rulesByKey.get(key) ?? [];
      if (!rules.includes(v.rule)) rules.push(v.rule);
      rulesByKey.set(key, rules);
    }
  }

  const items: TimelineItem[] = spans.map((node) => {
    const key = spanKey(node.traceId, node.spanId);
    return {
      key,
      node,
      lane: laneOf.get(node.agent)!,
      atMs: node.startMs,
      isMessage: node.intent !== undefined,
      label: spanLabel(node),
      rules: rulesByKey.get(key) ?? [],
    };
  });
  const byKey = new Map(items.map((i) => [i.key, i]));

  const marks: TimelineConflict[] = [];
  for (const v of conflicts) {
    const shown = v.spans.map((s) => byKey.get(spanKey(s.traceId, s.spanId))).filter((i): i is TimelineItem => i !== undefined);
    if (shown.length === 0) continue;
    shown.sort((a, b) => a.atMs - b.atMs);
    marks.push({
      rule: v.rule,
      kind: v.kind,
      atMs: v.atMs,
      from: shown[0]!.key,
      to: shown[shown.length - 1]!.key,
      label: v.subject !== undefined ? `${v.rule} (${v.subject})` : v.rule,
    });
  }

  // A loop, not Math.min(...spread): a runaway customer can have more spans than the call stack takes arguments.
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of items) {
    if (i.atMs < lo) lo = i.atMs;
    if (i.atMs > hi) hi = i.atMs;
  }
  const extentMs: [number, number] = items.length === 0 ? [0, 0] : [lo, hi];
  return { customerId, lanes, items, messages: items.filter((i) => i.isMessage), conflicts: marks, extentMs };
}
