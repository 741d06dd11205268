-- Flexix access path: every span (Flexix attributes or not) with the chain's fields, ordered by trace. A causal chain
-- reads the few small granules of its traces here instead of whole 8,192-row granules of otel_traces with their
-- attribute maps (what the bloom filter on TraceId leaves). The columns are those of flexix_business_spans (taken from
-- it, so one reader serves both; OtherAttributes stays empty here). Small granules and small compressed blocks: a
-- lookup decompresses little beyond its rows. Compact parts at every size (one file holding a granule's columns side
-- by side): a lookup reads every column of a few granules, one read each instead of one per column. At 10M spans the
-- spans of a customer's 50 traces took 29-43 ms to read from disk (page cache dropped) instead of 88-142 ms, 17-19 ms
-- from memory instead of 25-30 ms, for 12% more storage (514 MiB instead of 460).
CREATE TABLE IF NOT EXISTS {db}.flexix_trace_spans {onCluster} AS {db}.flexix_business_spans
ENGINE = {engine:flexix_trace_spans}
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (TraceId, Timestamp)
{ttl:Timestamp}
SETTINGS index_granularity = 256, min_compress_block_size = 4096, max_compress_block_size = 16384,
    min_bytes_for_wide_part = 1000000000000000, min_rows_for_wide_part = 1000000000000000
