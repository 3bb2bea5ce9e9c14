import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seriesKey, type Attributes } from '@settle/core';
import { SeriesKeyEncoder } from './series-key.js';

describe('SeriesKeyEncoder', () => {
  it("builds exactly core's canonical seriesKey, whatever the attribute order and shape changes", () => {
    const attrs = fc.dictionary(
      fc.constantFrom('zone', 'status', 'a', 'Z', 'é', '"q"', 'x,y', ''),
      fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean()),
      { maxKeys: 4 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), attrs, fc.array(attrs, { maxLength: 6 }), (name, resource, points) => {
        const enc = new SeriesKeyEncoder().forResource(resource).forMetric(name);
        for (const p of points) expect(enc.key(p)).toBe(seriesKey(name, p, resource));
      }),
    );
  });

  it('keeps series apart that differ only in value type or in separators inside values', () => {
    const enc = new SeriesKeyEncoder().forResource({}).forMetric('m');
    const keys = [{ s: 200 }, { s: '200' }, { a: 'x",b:"y' }, { a: 'x', b: 'y' }].map((a: Attributes) => enc.key(a));
    expect(new Set(keys).size).toBe(4);
  });
});
