-- Flexix access path: every span (Flexix attributes or not) with the chain's fields, ordered by trace. A causal chain
-- reads the few small granules of its traces here instead of whole 8,192-row granules of otel_traces with their
-- attribute maps (what the bloom filter on TraceId leaves). The columns are those of flexix_business_spans (taken from
-- it, so one reader serves both; OtherAttributes stays empty here). Small granules and small compressed blocks: a
-- lookup decompresses little beyond its rows.
CREATE TABLE IF NOT EXISTS {db}.flexix_trace_spans {onCluster} AS {db}.flexix_business_spans
ENGINE = {engine:flexix_trace_spans}
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (TraceId, Timestamp)
{ttl:Timestamp}
SETTINGS index_granularity = 256, min_compress_block_size = 4096, max_compress_block_size = 16384,
    min_bytes_for_wide_part = 10485760, min_rows_for_wide_part = 100000
