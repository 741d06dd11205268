-- Trace id → time range lookup, the exporter's own access path for finding a trace without a time filter.
CREATE TABLE IF NOT EXISTS {db}.otel_traces_trace_id_ts {onCluster} (
    TraceId String CODEC(ZSTD(1)),
    Start DateTime CODEC(Delta, ZSTD(1)),
    End DateTime CODEC(Delta, ZSTD(1)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1
) ENGINE = {engine:otel_traces_trace_id_ts}
PARTITION BY toDate(Start)
ORDER BY (TraceId, Start)
{ttl:Start}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, min_bytes_for_wide_part = 268435456, min_rows_for_wide_part = 1000000
