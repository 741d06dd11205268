/**
 * The weekly report's activity figures as ClickHouse aggregates (see `WeekActivity`): spans per agent, model,
 * denial, rule and outcome in one grouping, and customers' action steps per agent and customer bucket from
 * `actionStepSql.ts`. Customers whose steps that SQL is unsure about are named instead, for the exact count in
 * JavaScript. Also what the running week's figures need to find the buckets whose spans changed, and their customers.
 */
import { ARRAY_QUERY_SETTINGS } from './arrayQuerySettings.js';
import { inRangeSql, spansFingerprintSql } from './businessSpanFilterSql.js';
import { loopCandidateCondition, loopSequencesSql } from './loopCandidateSql.js';

/** Spans of [{fromMs}, {toMs}) grouped by what the report counts; numbers as strings (64-bit). */
export function activityByAgentSql(db: string): string {
  return `
SELECT if(Agent != '', Agent, JourneyId) AS agent, toString(cityHash64(agent)) AS agentHash, Model AS model,
  Decision = 'deny' AS denied, Rule AS rule, Outcome AS outcome, toString(count()) AS spans,
  toString(countIf(CustomerId = '' AND ActionAgent != '')) AS actionsWithoutCustomer,
  toString(countIf(agent != '' AND Intent != '' AND Decision != 'deny')) AS messages
FROM ${db}.flexix_business_spans
WHERE ${inRangeSql('fromMs', 'toMs')}
GROUP BY agent, model, denied, rule, outcome`;
}

/** One row of {@link activityByAgentSql}. */
export interface ActivityRow {
  agent: string;
  agentHash: string;
  model: string;
  denied: number | boolean;
  rule: string;
  outcome: string;
  spans: string;
  actionsWithoutCustomer: string;
  messages: string;
}

/** The customer bucket (`customerBucket.ts`) of a customer id column, for a `{buckets:UInt32}` parameter. */
export const bucketSql = (column: string): string => `CRC32(${column}) % {buckets:UInt32}`;

/**
 * Per customer bucket (`{buckets:UInt32}`): customers' steps per agent hash (customers the SQL is sure about), the
 * customers it is not sure about, and the loop candidates of the same range (one pass for the weekly report's
 * activity and loops). `onlyCustomers`: of the `{customers:Array(String)}` only.
 */
export function stepsByAgentSql(db: string, maxCycleLength: number, onlyCustomers = false): string {
  return `
WITH ${loopSequencesSql(db, onlyCustomers)}
SELECT ${bucketSql('c')} AS bucket, groupArrayIf(c, undecided) AS unresolved,
  groupArrayIf(c, ${loopCandidateCondition(maxCycleLength)}) AS loopCandidates,
  sumMapIf(keys, counts, NOT undecided) AS steps,
  arrayMap(k -> toString(k), steps.1) AS agentHashes, arrayMap(n -> toString(n), steps.2) AS stepCounts
FROM (
  SELECT *, arrayDistinct(stepAgents) AS keys, arrayMap(k -> toUInt64(countEqual(stepAgents, k)), keys) AS counts
  FROM sequences
)
GROUP BY bucket
${ARRAY_QUERY_SETTINGS}`;
}

/** The row of {@link stepsByAgentSql}. */
export interface StepsRow {
  bucket: number;
  unresolved: string[];
  loopCandidates: string[];
  agentHashes: string[];
  stepCounts: string[];
}

/**
 * Per customer bucket, and for spans without a customer (bucket -1), the count and combined ids of the spans of
 * [{from}, {to}) (this and the two queries below take the range as the store's other reads do).
 */
export function bucketFingerprintsSql(db: string): string {
  return `
SELECT if(CustomerId = '', -1, toInt32(${bucketSql('CustomerId')})) AS bucket, ${spansFingerprintSql()} AS fingerprint
FROM ${db}.flexix_business_spans
WHERE ${inRangeSql('from', 'to')}
GROUP BY bucket`;
}

/** The customers of the range in the buckets `{only:Array(UInt32)}` (buckets computed once per distinct customer). */
export function bucketCustomersSql(db: string): string {
  return `
SELECT CustomerId AS customerId FROM (
  SELECT DISTINCT CustomerId FROM ${db}.flexix_business_spans WHERE ${inRangeSql('from', 'to')} AND CustomerId != '')
WHERE has({only:Array(UInt32)}, ${bucketSql('CustomerId')})`;
}

/**
 * The customers of the range with a span in a trace where one of the `{customers:Array(String)}` holds a link (whose
 * loop evidence that span can change): traces matched by their first 64 bits, which can only add customers.
 */
export function linkedTraceCustomersSql(db: string): string {
  const range = inRangeSql('from', 'to');
  return `
SELECT DISTINCT CustomerId AS customerId FROM ${db}.flexix_business_spans
PREWHERE TraceHigh IN (
  SELECT TraceHigh FROM ${db}.flexix_business_spans
  WHERE CustomerId IN {customers:Array(String)} AND ${range} AND notEmpty(LinkSpanIds))
WHERE ${range} AND CustomerId != ''`;
}
