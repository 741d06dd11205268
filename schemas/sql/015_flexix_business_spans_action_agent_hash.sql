-- Flexix access path: the hash of an action span's agent (ActionAgent, migrations 012-013), 0 for other spans, stored
-- so the loop scan and the weekly report's steps group numbers without hashing a string per span at every scan (at 1M
-- spans in the window the hashing was 17-45 ms of a 250-370 ms first stage). Parts stored before this migration
-- compute it when read, with the same values.
ALTER TABLE {db}.flexix_business_spans {onCluster}
    ADD COLUMN IF NOT EXISTS ActionAgentHash UInt64 MATERIALIZED if(ActionAgent = '', 0, cityHash64(ActionAgent)) CODEC(LZ4)
