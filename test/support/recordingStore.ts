/** A store that records an argument of each call of one of its methods, for tests of what gets recomputed. */
import type { SpanStore } from '../../collector/store/SpanStore.js';

/** `store` seen through a proxy that pushes argument `argument` (default the first) of every `method` call to `calls`. */
export function recordingStore(store: SpanStore, method: keyof SpanStore, argument = 0): { store: SpanStore; calls: unknown[] } {
  const calls: unknown[] = [];
  const proxy = new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (prop === method) calls.push(args[argument]);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}
