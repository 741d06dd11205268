CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.flexix_business_spans_mv {onCluster}
TO {db}.flexix_business_spans
AS SELECT
    Timestamp,
    multiIf(SpanAttributes['flexix.customer.id'] != '', SpanAttributes['flexix.customer.id'],
            SpanAttributes['user.id'] != '', SpanAttributes['user.id'],
            SpanAttributes['enduser.id']) AS CustomerId,
    TraceId, SpanId, ParentSpanId, SpanName, ServiceName, Duration,
    SpanAttributes['flexix.agent'] AS Agent,
    SpanAttributes['flexix.model'] AS Model,
    SpanAttributes['flexix.phase'] AS Phase,
    SpanAttributes['flexix.event'] AS Event,
    SpanAttributes['flexix.journey.id'] AS JourneyId,
    SpanAttributes['flexix.journey.step'] AS JourneyStep,
    SpanAttributes['flexix.journey.version'] AS JourneyVersion,
    SpanAttributes['flexix.message.channel'] AS Channel,
    SpanAttributes['flexix.message.intent'] AS Intent,
    SpanAttributes['flexix.message.subject'] AS Subject,
    SpanAttributes['flexix.protocol.rule'] AS Rule,
    SpanAttributes['flexix.protocol.decision'] AS Decision,
    SpanAttributes['flexix.hop'] AS Hop,
    SpanAttributes['flexix.outcome'] AS Outcome,
    SpanAttributes['flexix.change.id'] AS ChangeId,
    SpanAttributes['flexix.change.model'] AS ChangeModel,
    SpanAttributes['flexix.change.target'] AS ChangeTarget,
    SpanAttributes['flexix.change.stage'] AS ChangeStage,
    arrayMap(t -> lower(t), `Links.TraceId`) AS LinkTraceIds,
    arrayMap(s -> lower(s), `Links.SpanId`) AS LinkSpanIds,
    arrayMap(a -> a['flexix.link.type'], `Links.Attributes`) AS LinkTypes,
    -- The contract's attributes are the columns above; the rest are kept for handbook `attributes` matchers.
    mapFilter((k, v) -> NOT startsWith(k, 'flexix.'), SpanAttributes) AS OtherAttributes
FROM {db}.otel_traces
WHERE CustomerId != '' OR Agent != '' OR Event != '' OR Intent != '' OR ChangeId != '' OR Model != ''
