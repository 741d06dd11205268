-- Flexix: the running week's figures per customer bucket (`RunningWeekFigures`), kept so that a collector that starts
-- again brings them up to date from the buckets whose spans changed since, instead of computing the week whole. A
-- row is one consistent state: the fingerprints it was computed from and the figures computed from them (JSON). For a
-- handbook, loop thresholds and format (ContextKey) and a week, the newest row is read; merges drop the older ones.
-- Rows serve only while their week runs: they are dropped a day after it ended.
CREATE TABLE IF NOT EXISTS {db}.flexix_running_week {onCluster} (
    ContextKey String CODEC(ZSTD(1)),
    WeekStart DateTime64(3, 'UTC') CODEC(ZSTD(1)),
    KeptAt DateTime64(3, 'UTC') CODEC(ZSTD(1)),
    State String CODEC(ZSTD(3))
) ENGINE = {engine:flexix_running_week:Replacing(KeptAt)}
ORDER BY (ContextKey, WeekStart)
TTL toDateTime(WeekStart) + toIntervalDay(8)
