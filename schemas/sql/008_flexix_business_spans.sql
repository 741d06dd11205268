-- Flexix access path: the business-event spans (any span with a Flexix attribute or a customer), with the contract's
-- attributes as their own columns. Analyses over a time range (conflicts, loops, change latency, weekly report)
-- read these narrow columns only, ordered by customer then time within each day, which is the order they walk.
CREATE TABLE IF NOT EXISTS {db}.flexix_business_spans {onCluster} (
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
    LinkTypes Array(LowCardinality(String)) CODEC(ZSTD(1)),
    OtherAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1))
) ENGINE = {engine:flexix_business_spans}
PARTITION BY toDate(Timestamp)
ORDER BY (CustomerId, Timestamp)
{ttl:Timestamp}
SETTINGS index_granularity = 8192, min_bytes_for_wide_part = 268435456, min_rows_for_wide_part = 1000000
