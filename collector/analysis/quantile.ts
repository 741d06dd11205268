/**
 * Exact quantiles by the nearest-rank method: the q-quantile of n sorted values is the value at rank ⌈q·n⌉ (1-based).
 * Chosen over interpolation because the result is always an observed value (a real lead time someone can look up),
 * and it is easy to check by hand: p50 of [1, 2, 3, 4] is 2, p90 is 4.
 */

/** Nearest-rank quantile of values already sorted ascending; `null` when there are none. `q` in [0, 1]. */
export function nearestRankQuantileSorted(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within [0, 1], got ${q}`);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** Nearest-rank quantile of unsorted values (copies, does not reorder the input); `null` when there are none. */
export function nearestRankQuantile(values: readonly number[], q: number): number | null {
  return nearestRankQuantileSorted([...values].sort((x, y) => x - y), q);
}

/** Exact median by nearest rank (the lower middle value for an even count); `null` when there are none. */
export function median(values: readonly number[]): number | null {
  return nearestRankQuantile(values, 0.5);
}
