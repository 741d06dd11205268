/**
 * The analysis layer's view of one stored span: the Flexix attributes (CONTRACT §1) already parsed, so every pure
 * analysis function works on the same small shape instead of re-reading attribute maps.
 */

/** A reference from one span to another (an OpenTelemetry span link). */
export interface BusinessSpanLink {
  traceId: string;
  spanId: string;
  /** `flexix.link.type` when present; `context_read` marks a link that is not causal. */
  type?: string;
}

/** One business-event span as the analysis functions see it. */
export interface BusinessSpan {
  /** Lower-case hex. */
  traceId: string;
  /** Lower-case hex. */
  spanId: string;
  /** Lower-case hex, `''` for a root span. */
  parentSpanId: string;
  name: string;
  serviceName: string;
  /** Start in epoch milliseconds (fractional allowed). */
  startMs: number;
  durationNs: number;
  agent?: string;
  model?: 'command' | 'network';
  customerId?: string;
  phase?: string;
  event?: string;
  journeyId?: string;
  journeyStep?: string;
  journeyVersion?: number;
  channel?: string;
  intent?: string;
  subject?: string;
  rule?: string;
  decision?: 'allow' | 'deny';
  hop?: number;
  outcome?: string;
  changeId?: string;
  changeModel?: 'command' | 'network';
  changeTarget?: string;
  changeStage?: string;
  links: BusinessSpanLink[];
  /** Every span attribute as stored (strings). */
  attributes: Record<string, string>;
}
