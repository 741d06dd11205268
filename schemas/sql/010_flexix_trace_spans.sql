-- Flexix access path: every span (Flexix attributes or not) with the chain's fields, ordered by trace. A causal chain
-- reads the few small granules of its traces here instead of whole 8,192-row granules of otel_traces with their
-- attribute maps (what the bloom filter on TraceId leaves). The columns are those of flexix_business_spans, so one
-- reader serves both. Small granules and small compressed blocks: a lookup decompresses little beyond its rows.
CREATE TABLE IF NOT EXISTS {db}.flexix_trace_spans {onCluster} (
    Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
    CustomerId String CODEC(ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    SpanId String CODEC(ZSTD(1)),
    ParentSpanId String CODEC(ZSTD(1)),
    SpanName LowCardinality(String) CODEC(ZSTD(1)),
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    Duration UInt64 CODEC(ZSTD(1)),
    Agent LowCardinality(String) CODEC(ZSTD(1)),
    Model LowCardinality(String) CODEC(ZSTD(1)),
    Phase LowCardinality(String) CODEC(ZSTD(1)),
    Event LowCardinality(String) CODEC(ZSTD(1)),
    JourneyId LowCardinality(String) CODEC(ZSTD(1)),
    JourneyStep LowCardinality(String) CODEC(ZSTD(1)),
    JourneyVersion String CODEC(ZSTD(1)),
    Channel LowCardinality(String) CODEC(ZSTD(1)),
    Intent LowCardinality(String) CODEC(ZSTD(1)),
    Subject String CODEC(ZSTD(1)),
    Rule LowCardinality(String) CODEC(ZSTD(1)),
    Decision LowCardinality(String) CODEC(ZSTD(1)),
    Hop String CODEC(ZSTD(1)),
    Outcome LowCardinality(String) CODEC(ZSTD(1)),
    ChangeId String CODEC(ZSTD(1)),
    ChangeModel LowCardinality(String) CODEC(ZSTD(1)),
    ChangeTarget LowCardinality(String) CODEC(ZSTD(1)),
    ChangeStage LowCardinality(String) CODEC(ZSTD(1)),
    LinkTraceIds Array(String) CODEC(ZSTD(1)),
    LinkSpanIds Array(String) CODEC(ZSTD(1)),
    LinkTypes Array(LowCardinality(String)) CODEC(ZSTD(1))
) ENGINE = {engine:flexix_trace_spans}
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (TraceId, Timestamp)
{ttl:Timestamp}
SETTINGS index_granularity = 256, min_compress_block_size = 4096, max_compress_block_size = 16384,
    min_bytes_for_wide_part = 268435456, min_rows_for_wide_part = 1000000
