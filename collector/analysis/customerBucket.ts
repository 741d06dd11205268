/**
 * Customers split into a fixed number of buckets by a hash of their id, the same in JavaScript and ClickHouse (CRC-32
 * of the UTF-8 bytes, `CRC32(CustomerId) % n`): figures kept per bucket are recomputed only for the buckets whose
 * spans changed.
 */
import { crc32 } from 'node:zlib';

/** Buckets of the running week's figures: about 12 customers each at 50,000 customers. */
export const CUSTOMER_BUCKETS = 4096;

/** The bucket of a customer id, in [0, buckets). */
export function customerBucket(customerId: string, buckets: number): number {
  return crc32(customerId) % buckets;
}
