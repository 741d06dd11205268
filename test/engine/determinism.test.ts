import { describe, expect, it } from 'vitest';
import { run } from './spans.js';

describe('simulate determinism', () => {
  it('gives identical spans (names, attributes, times, ids, links) for the same seed', async () => {
    const first = await run({ scenario: 'all', customers: 40, days: 10, seed: 123 });
    const second = await run({ scenario: 'all', customers: 40, days: 10, seed: 123 });
    expect(first.spans.length).toBeGreaterThan(1000);
    expect(second.spans).toEqual(first.spans);
    expect(second.result.perScenario).toEqual(first.result.perScenario);
  });

  it('gives different spans for another seed', async () => {
    const a = await run({ scenario: 'runaway-loop', customers: 40, days: 10, seed: 1 });
    const b = await run({ scenario: 'runaway-loop', customers: 40, days: 10, seed: 2 });
    expect(b.spans.map((s) => s.spanId)).not.toEqual(a.spans.map((s) => s.spanId));
  });
});
