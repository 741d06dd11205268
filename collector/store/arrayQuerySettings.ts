/**
 * Settings for Flexix's queries that work on per-customer arrays (loop steps, conflict candidates). ClickHouse's lazy
 * evaluation of `AND`/`OR`/`if` arguments re-runs array lambdas over filtered copies of the rows; on the loop
 * condition that made the query five times slower, so these queries evaluate every argument once instead.
 */
export const ARRAY_QUERY_SETTINGS = "SETTINGS short_circuit_function_evaluation = 'disable'";
