/**
 * How Flexix runs the embedded ClickHouse engine (chDB). The engine is a ClickHouse server built for a host of its
 * own; here it shares one process with Node, so two of its habits are bounded (measured on the overload test, where
 * they made up most of the collector's resident memory):
 *
 * - **Freed memory kept resident.** jemalloc keeps freed pages ("dirty") for seconds before returning them, and each
 *   insert of ~20,000 spans churns 150–250 MiB through it. ClickHouse's memory worker purges them once they pass a
 *   share of the server's memory limit (20 % by default, i.e. gigabytes); Flexix gives that share as a fixed budget
 *   and has the worker measure the engine's own allocator rather than the cgroup (which also counts Node and the
 *   page cache).
 * - **Merges of many parts at once.** A merge holds one granule (8,192 rows, every column) of each part it reads, so
 *   its memory grows with its fan-in: about 16 MiB per part for `otel_traces`. Capping the fan-in at 4 parts bounds
 *   a merge to ~100 MiB, at the price of a few more (smaller) merges; tables of small granules keep the default.
 *
 * A ClickHouse server (`--clickhouse-url`) is left as its operator configured it.
 */
import { totalmem } from 'node:os';

/** Dirty jemalloc pages the embedded engine may keep before its memory worker purges them. */
export const EMBEDDED_DIRTY_PAGES_BUDGET_BYTES = 64 * 1024 * 1024;

/**
 * MergeTree settings of Flexix's tables in embedded mode (`SchemaOptions.tableSettings`). The merge fan-in is capped
 * where a granule is large: `otel_traces` and `flexix_business_spans` (8,192 rows of many columns, attribute maps).
 * The other tables hold small granules, and keep ClickHouse's fan-in (100, set explicitly so stores that had the cap
 * lose it): fewer, larger parts there make every lookup cheaper. At 10M spans `flexix_trace_spans` settled in 3 parts
 * instead of 8, and the benchmark's customer chain p50 went from 89–95 ms to 54–74 ms.
 */
export const EMBEDDED_MERGE_TREE_SETTINGS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  '*': { max_parts_to_merge_at_once: 100 },
  otel_traces: { max_parts_to_merge_at_once: 4 },
  flexix_business_spans: { max_parts_to_merge_at_once: 4 },
};

/** ClickHouse's default `max_server_memory_usage_to_ram_ratio`: the share of memory the engine counts as its own. */
const SERVER_MEMORY_TO_RAM_RATIO = 0.9;
/** ClickHouse's default `memory_worker_purge_dirty_pages_threshold_ratio`; never raised above it. */
const DEFAULT_DIRTY_PAGES_RATIO = 0.2;

/**
 * The engine's start-up arguments (`clickhouse local` command-line form) for a host with `memoryBytes` of memory.
 * The purge threshold is a ratio of the engine's memory limit, so the budget is turned into one.
 */
export function embeddedEngineArgs(memoryBytes: number): string[] {
  const ratio = Math.min(DEFAULT_DIRTY_PAGES_RATIO, EMBEDDED_DIRTY_PAGES_BUDGET_BYTES / (memoryBytes * SERVER_MEMORY_TO_RAM_RATIO));
  return ['--memory_worker_use_cgroup=0', `--memory_worker_purge_dirty_pages_threshold_ratio=${ratio.toPrecision(3)}`];
}

/** Memory of this host as the engine sees it: the cgroup limit when there is one, else the physical memory. */
export function hostMemoryBytes(): number {
  const total = totalmem();
  // 0 or a huge value (2^64) when the process is not constrained.
  const limit = process.constrainedMemory();
  return limit > 0 && limit < total ? limit : total;
}
