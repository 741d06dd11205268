-- Flexix access path: the loop scan's and weekly report's view of an action span, computed once as the span is stored
-- instead of at every scan (which then reads a few numeric columns and no hex strings).
--   ActionAgent   the acting agent of an action span, '' for every other span; its expression is set by migration 013
--   ActorHash     hash of the actor: the agent, or agent#step for a command journey's step (`actorOf`)
--   TraceHigh/TraceLow, SpanNumber, ParentNumber   the hex ids as the numbers they spell (same order, 0 for '')
--   HopNumber     flexix.hop as a number (0 when absent)
-- Parts stored before these columns existed compute them when read, so results do not depend on a part's age.
ALTER TABLE {db}.flexix_business_spans {onCluster}
    ADD COLUMN IF NOT EXISTS ActionAgent LowCardinality(String) MATERIALIZED '' CODEC(LZ4),
    ADD COLUMN IF NOT EXISTS ActorHash UInt64 MATERIALIZED
        cityHash64(if((Model = 'command' OR (Model = '' AND JourneyId != '')) AND JourneyStep != '',
                      concat(if(Agent != '', Agent, JourneyId), '#', JourneyStep), if(Agent != '', Agent, JourneyId))) CODEC(LZ4),
    ADD COLUMN IF NOT EXISTS TraceHigh UInt64 MATERIALIZED reinterpretAsUInt64(reverse(unhex(substring(TraceId, 1, 16)))) CODEC(LZ4),
    ADD COLUMN IF NOT EXISTS TraceLow UInt64 MATERIALIZED reinterpretAsUInt64(reverse(unhex(substring(TraceId, 17, 16)))) CODEC(LZ4),
    ADD COLUMN IF NOT EXISTS SpanNumber UInt64 MATERIALIZED reinterpretAsUInt64(reverse(unhex(SpanId))) CODEC(LZ4),
    ADD COLUMN IF NOT EXISTS ParentNumber UInt64 MATERIALIZED reinterpretAsUInt64(reverse(unhex(ParentSpanId))) CODEC(LZ4),
    ADD COLUMN IF NOT EXISTS HopNumber Int64 MATERIALIZED toInt64OrZero(Hop) CODEC(LZ4)
