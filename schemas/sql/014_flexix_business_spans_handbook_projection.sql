-- Flexix access path: what the conflict search reads (who, when, which intent, event, subject, agent, channel, model,
-- decision, journey, hop and the ids as numbers), as a projection of the business spans ordered by intent and event.
-- That search reads the spans of a few intents and events (messages, signals) over weeks of look-back; in the table's
-- own order (customer, then time) they are spread over every granule, here they are a few contiguous ranges. At 10M
-- spans the candidate query reads 160 granules of 1,243, and so does the read of the candidates' spans, instead of
-- every granule of 37 days (0.48-0.52 s -> 0.33-0.44 s in chDB), for 265 MiB (27 bytes per span).
-- The candidate query names those intents and events (`matcherKeysSql`) for ClickHouse to choose it. Parts stored
-- before this projection have none until `ALTER TABLE flexix_business_spans MATERIALIZE PROJECTION handbook_spans`;
-- they are read from the table, with the same answers. Stores that had the narrower `handbook_keys` projection of an
-- earlier version keep it until `ALTER TABLE flexix_business_spans DROP PROJECTION handbook_keys`.
ALTER TABLE {db}.flexix_business_spans {onCluster}
    ADD PROJECTION IF NOT EXISTS handbook_spans (
        SELECT Timestamp, CustomerId, TraceHigh, TraceLow, SpanNumber, ServiceName, Agent, Model, Event, JourneyId,
            Channel, Intent, Subject, Decision, Hop
        ORDER BY (Intent, Event, CustomerId, Timestamp)
    )
