-- Flexix access path: a customer's business-event spans in time order (customer timelines, conflicts, loops).
-- The customer id is flexix.customer.id, else user.id, else enduser.id (CONTRACT §1).
CREATE TABLE IF NOT EXISTS {db}.flexix_customer_spans {onCluster} (
    CustomerId String CODEC(ZSTD(1)),
    Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    SpanId String CODEC(ZSTD(1)),
    ParentSpanId String CODEC(ZSTD(1)),
    SpanName LowCardinality(String) CODEC(ZSTD(1)),
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    Duration UInt64 CODEC(ZSTD(1)),
    SpanAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    `Links.TraceId` Array(String) CODEC(ZSTD(1)),
    `Links.SpanId` Array(String) CODEC(ZSTD(1)),
    `Links.Attributes` Array(Map(LowCardinality(String), String)) CODEC(ZSTD(1))
) ENGINE = {engine:flexix_customer_spans}
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (CustomerId, Timestamp)
{ttl:Timestamp}
SETTINGS index_granularity = 8192, min_bytes_for_wide_part = 268435456, min_rows_for_wide_part = 1000000
