CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.flexix_links_by_target_mv {onCluster}
TO {db}.flexix_links_by_target
AS SELECT
    lower(link.1) AS TargetTraceId,
    lower(link.2) AS TargetSpanId,
    TraceId, SpanId, Timestamp,
    link.3['flexix.link.type'] AS LinkType
FROM {db}.otel_traces
ARRAY JOIN arrayZip(`Links.TraceId`, `Links.SpanId`, `Links.Attributes`) AS link
