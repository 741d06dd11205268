-- Flexix access path: back-links. For a span, which spans link to it (a reaction that started its own trace).
CREATE TABLE IF NOT EXISTS {db}.flexix_links_by_target {onCluster} (
    TargetTraceId String CODEC(LZ4),
    TargetSpanId String CODEC(LZ4),
    TraceId String CODEC(LZ4),
    SpanId String CODEC(LZ4),
    Timestamp DateTime64(9) CODEC(Delta, LZ4),
    LinkType LowCardinality(String) CODEC(LZ4)
) ENGINE = {engine:flexix_links_by_target}
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (TargetTraceId, TargetSpanId)
{ttl:Timestamp}
SETTINGS index_granularity = 256, min_compress_block_size = 4096, max_compress_block_size = 16384,
    min_bytes_for_wide_part = 268435456, min_rows_for_wide_part = 1000000
