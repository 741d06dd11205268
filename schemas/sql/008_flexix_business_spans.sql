-- Flexix access path: the business-event spans (any span with a Flexix attribute or a customer), with the contract's
-- attributes as their own columns. Analyses over a time range (conflicts, loops, change latency, weekly report)
-- read these narrow columns only, ordered by customer then time within each day, which is the order they walk.
-- LZ4 rather than ZSTD, and wide parts from 100,000 rows: the analyses read a few columns of many granules, where
-- decompression is most of the cost (LZ4 halved the read of 20,000 scattered spans out of a million).
CREATE TABLE IF NOT EXISTS {db}.flexix_business_spans {onCluster} (
    Timestamp DateTime64(9) CODEC(Delta, LZ4),
    CustomerId String CODEC(LZ4),
    TraceId String CODEC(LZ4),
    SpanId String CODEC(LZ4),
    ParentSpanId String CODEC(LZ4),
    SpanName LowCardinality(String) CODEC(LZ4),
    ServiceName LowCardinality(String) CODEC(LZ4),
    Duration UInt64 CODEC(LZ4),
    Agent LowCardinality(String) CODEC(LZ4),
    Model LowCardinality(String) CODEC(LZ4),
    Phase LowCardinality(String) CODEC(LZ4),
    Event LowCardinality(String) CODEC(LZ4),
    JourneyId LowCardinality(String) CODEC(LZ4),
    JourneyStep LowCardinality(String) CODEC(LZ4),
    JourneyVersion String CODEC(LZ4),
    Channel LowCardinality(String) CODEC(LZ4),
    Intent LowCardinality(String) CODEC(LZ4),
    Subject String CODEC(LZ4),
    Rule LowCardinality(String) CODEC(LZ4),
    Decision LowCardinality(String) CODEC(LZ4),
    Hop String CODEC(LZ4),
    Outcome LowCardinality(String) CODEC(LZ4),
    ChangeId String CODEC(LZ4),
    ChangeModel LowCardinality(String) CODEC(LZ4),
    ChangeTarget LowCardinality(String) CODEC(LZ4),
    ChangeStage LowCardinality(String) CODEC(LZ4),
    LinkTraceIds Array(String) CODEC(LZ4),
    LinkSpanIds Array(String) CODEC(LZ4),
    LinkTypes Array(LowCardinality(String)) CODEC(LZ4),
    OtherAttributes Map(LowCardinality(String), String) CODEC(LZ4)
) ENGINE = {engine:flexix_business_spans}
PARTITION BY toDate(Timestamp)
ORDER BY (CustomerId, Timestamp)
{ttl:Timestamp}
SETTINGS index_granularity = 8192, min_bytes_for_wide_part = 10485760, min_rows_for_wide_part = 100000
