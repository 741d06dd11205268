-- The expression of ActionAgent (added by migration 012): the acting agent (flexix.agent, else the journey) when the
-- span is an action per CONTRACT §1 (phase act/step, or an intent or event outside sense/interpret/learn; not denied,
-- not a change stage), the SQL twin of `isActionSpan` in collector/analysis/actionSteps.ts; '' for every other span.
-- Set with MODIFY COLUMN, at every start, so a store that added the column with an earlier expression (which left out
-- spans without a customer) computes this one for the spans it stores from now on; values already stored stay.
ALTER TABLE {db}.flexix_business_spans {onCluster}
    MODIFY COLUMN IF EXISTS ActionAgent LowCardinality(String) MATERIALIZED
        if((Agent != '' OR JourneyId != '') AND Decision != 'deny' AND ChangeId = ''
             AND (Phase IN ('act', 'step') OR (Phase NOT IN ('sense', 'interpret', 'learn') AND (Intent != '' OR Event != ''))),
           if(Agent != '', Agent, JourneyId), '') CODEC(LZ4)
