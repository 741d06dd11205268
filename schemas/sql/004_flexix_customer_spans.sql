-- Flexix access path: which spans (and traces) concern a customer, in time order — the entry point of customer chains
-- and timelines. Narrow on purpose: every span's attributes are in otel_traces; copying them again would double the
-- cost of every insert. The customer id is flexix.customer.id, else user.id, else enduser.id (CONTRACT §1).
CREATE TABLE IF NOT EXISTS {db}.flexix_customer_spans {onCluster} (
    CustomerId String CODEC(ZSTD(1)),
    Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    SpanId String CODEC(ZSTD(1))
) ENGINE = {engine:flexix_customer_spans}
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (CustomerId, Timestamp)
{ttl:Timestamp}
SETTINGS index_granularity = 8192, min_bytes_for_wide_part = 268435456, min_rows_for_wide_part = 1000000
