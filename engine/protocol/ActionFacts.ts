import type { Model } from '../../schemas/semconv.js';

/**
 * What the guard knows about one action or event: the `flexix.*` attributes a handbook matcher can test, plus its
 * time. The same shape describes a candidate action (before it happens) and a history entry (after).
 */
export interface ActionFacts {
  /** Virtual time, epoch ms. */
  at: number;
  /** Absent for global events, which count for every customer. */
  customerId?: string;
  agent: string;
  model?: Model;
  intent?: string;
  event?: string;
  channel?: string;
  subject?: string;
  /** Further span attributes a matcher's `attributes` may test. */
  attributes?: Readonly<Record<string, string>>;
}
