-- Flexix: the weekly report's figures of weeks that are over (conflicts by rule and agents, loops, activity), kept
-- once computed so a report of a past week is read instead of computed again: by every collector on the store, after
-- restarts, and before anyone asks (the collector computes the last closed weeks in the background). A row serves
-- only while the week's spans are unchanged (Fingerprint: `getSpanFingerprint` of the week and the handbook's
-- look-back) and for the same handbook, loop thresholds and figures format (ContextKey); the newest row wins.
CREATE TABLE IF NOT EXISTS {db}.flexix_week_figures {onCluster} (
    ContextKey String CODEC(ZSTD(1)),
    WeekStart DateTime64(3, 'UTC') CODEC(ZSTD(1)),
    Fingerprint String CODEC(ZSTD(1)),
    ComputedAt DateTime64(3, 'UTC') CODEC(ZSTD(1)),
    ComputeMs UInt32 CODEC(ZSTD(1)),
    Figures String CODEC(ZSTD(3))
) ENGINE = {engine:flexix_week_figures}
ORDER BY (ContextKey, WeekStart, ComputedAt)
{ttl:ComputedAt}
