import type { SpanContext } from '@opentelemetry/api';

/** A business event on the bus. */
export interface BusEvent {
  /** Event type, e.g. `inventory.out_of_stock` (the `flexix.event` of the span that produced it). */
  type: string;
  /** The customer concerned; absent for global events such as a SKU going out of stock. */
  customerId?: string;
  /** What the event is about (SKU, booking, feature), compared by `sameSubject` rules. */
  subject?: string;
  /** The span that produced the event; reactions link to it. Absent when context was not propagated. */
  source?: SpanContext;
  /** Causal depth of the producing span (0 for an external event). */
  hop: number;
  /** Virtual time the event was published (epoch ms). */
  at: number;
  /** Free-form payload for the subscribers. */
  data?: Readonly<Record<string, string | number | boolean>>;
}
