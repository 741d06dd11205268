CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.flexix_customer_spans_mv {onCluster}
TO {db}.flexix_customer_spans
AS SELECT
    multiIf(SpanAttributes['flexix.customer.id'] != '', SpanAttributes['flexix.customer.id'],
            SpanAttributes['user.id'] != '', SpanAttributes['user.id'],
            SpanAttributes['enduser.id']) AS CustomerId,
    Timestamp, TraceId, SpanId
FROM {db}.otel_traces
WHERE CustomerId != ''
