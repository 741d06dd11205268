/** Get/set accessors of d3-style closure components: `chart.width()` reads, `chart.width(600)` sets and chains. */

/** An accessor of a `T` on a component `C`. */
export interface Accessor<T, C> {
  (): T;
  (value: T): C;
}

/** Creates an accessor over a closure variable of a component. */
export function accessor<T, C>(component: C, get: () => T, set: (value: T) => void): Accessor<T, C> {
  function access(): T;
  function access(value: T): C;
  function access(...args: [] | [T]): T | C {
    if (args.length === 0) return get();
    set(args[0]);
    return component;
  }
  return access;
}
