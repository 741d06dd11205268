import type { SpanContext } from '@opentelemetry/api';

/** A context value with the write that produced it. */
export interface ContextEntry {
  value: string | number | boolean;
  /** Customer context version after the write. */
  version: number;
  /** The span that wrote the value, so a reader can link to it. */
  writer: SpanContext | undefined;
}

/** The result of one write. */
export interface ContextWrite {
  /** Customer context version after the write. */
  version: number;
  /** Keys written, as recorded in `flexix.context.keys`. */
  keys: string[];
}

interface CustomerEntries {
  version: number;
  entries: Map<string, ContextEntry>;
}

/**
 * The shared real-time customer context of the network: key/value per customer with one version number per
 * customer, bumped by every write. Each value remembers its writer span so that readers can link to it.
 */
export class CustomerContext {
  private readonly customers = new Map<string, CustomerEntries>();

  /** Reads one key; undefined when never written. */
  get(customerId: string, key: string): ContextEntry | undefined {
    return this.customers.get(customerId)?.entries.get(key);
  }

  /** Current version of a customer's context (0 before any write). */
  version(customerId: string): number {
    return this.customers.get(customerId)?.version ?? 0;
  }

  /** Writes several keys at once as one new version. */
  write(customerId: string, values: Readonly<Record<string, string | number | boolean>>, writer?: SpanContext): ContextWrite {
    let customer = this.customers.get(customerId);
    if (!customer) {
      customer = { version: 0, entries: new Map() };
      this.customers.set(customerId, customer);
    }
    const version = ++customer.version;
    const keys = Object.keys(values);
    for (const key of keys) customer.entries.set(key, { value: values[key]!, version, writer });
    return { version, keys };
  }
}
