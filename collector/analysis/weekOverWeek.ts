/** A figure for this week next to last week's. */
export interface Delta {
  current: number;
  previous: number;
  /** current − previous. */
  delta: number;
}

/** A figure that may be missing (e.g. a quantile of no data); `delta` is `null` unless both weeks have it. */
export interface NullableDelta {
  current: number | null;
  previous: number | null;
  delta: number | null;
}

/** Builds a {@link Delta}. */
export function delta(current: number, previous: number): Delta {
  return { current, previous, delta: current - previous };
}

/** Builds a {@link NullableDelta}. */
export function nullableDelta(current: number | null, previous: number | null): NullableDelta {
  return { current, previous, delta: current === null || previous === null ? null : current - previous };
}

/**
 * Joins two weeks' counts by key into deltas (keys of either week; a key missing in one week counts 0 there), sorted
 * by this week's count, then last week's, then key, so the biggest current items come first.
 */
export function joinCounts(current: Map<string, number>, previous: Map<string, number>): Array<{ key: string } & Delta> {
  const keys = new Set([...current.keys(), ...previous.keys()]);
  return [...keys]
    .map((key) => ({ key, ...delta(current.get(key) ?? 0, previous.get(key) ?? 0) }))
    .sort((x, y) => y.current - x.current || y.previous - x.previous || (x.key < y.key ? -1 : 1));
}

/** Adds one to a counter map. */
export function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}
