CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.flexix_customer_spans_mv {onCluster}
TO {db}.flexix_customer_spans
AS SELECT
    multiIf(SpanAttributes['flexix.customer.id'] != '', SpanAttributes['flexix.customer.id'],
            SpanAttributes['user.id'] != '', SpanAttributes['user.id'],
            SpanAttributes['enduser.id']) AS CustomerId,
    Timestamp, TraceId, SpanId, ParentSpanId, SpanName, ServiceName, Duration, SpanAttributes,
    `Links.TraceId`, `Links.SpanId`, `Links.Attributes`
FROM {db}.otel_traces
WHERE CustomerId != ''
