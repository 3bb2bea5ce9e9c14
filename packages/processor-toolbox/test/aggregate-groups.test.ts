import fc from 'fast-check';
import { seriesKey, type AttributeValue, type Attributes, type DataPoint, type MetricDescriptor } from '@settle/core';
import { describe, expect, it } from 'vitest';
import { compileAggregate, type GaugeFunction } from '../src/index.js';
import { REQUESTS, TEMPERATURE } from './harness.js';

const COMBINE: Record<GaugeFunction, (a: number, b: number) => number> = {
  last: (_a, b) => b,
  min: (a, b) => (b < a ? b : a), // ties (0 and -0) keep the earlier point's value
  max: (a, b) => (b > a ? b : a),
  sum: (a, b) => a + b,
};

/**
 * The aggregation stated plainly, as the oracle: points grouped by the canonical key of their kept attributes
 * (core's seriesKey: key order does not matter, "200" and 200 differ) and their bucket; values folded in batch
 * order; groups out in order of first appearance, with the first point's kept attributes in its key order.
 */
function reference(points: readonly DataPoint[], drop: readonly string[], how: GaugeFunction): DataPoint[] {
  const groups = new Map<string, { attributes: Attributes; startMs?: number; timeMs: number; value: number }>();
  for (const p of points) {
    const kept = Object.fromEntries(Object.entries(p.attributes).filter(([k]) => !drop.includes(k)));
    const key = `${seriesKey('', kept)}@${String(p.startMs)}/${p.timeMs}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { ...p, attributes: kept });
    else g.value = COMBINE[how](g.value, p.value);
  }
  return [...groups.values()];
}

const KEYS = ['zone', 'host', 'colo', 'status'] as const;
// Values Map identity tells apart where text would not (200 vs "200", true vs "true"), and separators.
const VALUE = fc.constantFrom<AttributeValue>('a.com', 'b.com', 200, '200', true, 'true', '', 'x",y', 0);
const ATTRS = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...KEYS), VALUE), { selector: ([k]) => k, maxLength: 4 })
  .map((entries): Attributes => Object.fromEntries(entries));
const POINT = fc
  .record({
    attributes: ATTRS,
    minute: fc.integer({ min: 0, max: 2 }),
    noStart: fc.boolean(),
    value: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
  })
  .map(({ attributes, minute, noStart, value }): DataPoint =>
    noStart
      ? { attributes, timeMs: (minute + 1) * 60_000, value }
      : { attributes, startMs: minute * 60_000, timeMs: (minute + 1) * 60_000, value },
  );

describe('aggregate: groups, order and values', () => {
  it('matches the plain statement over points of mixed shapes and buckets, for sums and each gauge function', () => {
    fc.assert(
      fc.property(
        fc.array(POINT, { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 3 }),
        fc.constantFrom<GaugeFunction>('last', 'min', 'max', 'sum'),
        (points, drop, gauge) => {
          const aggregate = compileAggregate({ drop, gauge });
          const descriptors: MetricDescriptor[] = [REQUESTS, TEMPERATURE];
          const out = aggregate({ resource: {}, metrics: descriptors.map((descriptor) => ({ descriptor, points })) });
          const [sums, gauges] = out.metrics;
          const entries = (ps: readonly DataPoint[]) => ps.map((p) => [Object.entries(p.attributes), p]);
          expect(entries(sums!.points)).toEqual(entries(reference(points, drop, 'sum')));
          expect(entries(gauges!.points)).toEqual(entries(reference(points, drop, gauge)));
          for (const p of [...sums!.points, ...gauges!.points]) expect('startMs' in p).toBe(p.startMs !== undefined);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('combines points whatever their key order, keeping the first one’s order', () => {
    const aggregate = compileAggregate({ drop: ['host'], gauge: 'last' });
    const points: DataPoint[] = [
      { attributes: { zone: 'a', host: 'x', colo: 'FRA' }, timeMs: 1, value: 1 },
      { attributes: { colo: 'FRA', zone: 'a', host: 'y' }, timeMs: 1, value: 2 },
      { attributes: { colo: 'FRA', zone: 'a' }, timeMs: 1, value: 4 }, // no host at all: the same group
      { attributes: { zone: 'a', colo: 'FRA', host: 'z', extra: '' }, timeMs: 1, value: 8 }, // one more key: apart
    ];
    const [m] = aggregate({ resource: {}, metrics: [{ descriptor: REQUESTS, points }] }).metrics;
    expect(m!.points.map((p) => [Object.entries(p.attributes), p.value])).toEqual([
      [
        [
          ['zone', 'a'],
          ['colo', 'FRA'],
        ],
        7,
      ],
      [
        [
          ['zone', 'a'],
          ['colo', 'FRA'],
          ['extra', ''],
        ],
        8,
      ],
    ]);
  });

  it('never merges the same values under different keys', () => {
    const aggregate = compileAggregate({ drop: ['host'], gauge: 'last' });
    const points: DataPoint[] = [
      { attributes: { a: 'x', b: 'y', host: '1' }, timeMs: 1, value: 1 },
      { attributes: { a: 'x', c: 'y', host: '2' }, timeMs: 1, value: 2 },
      { attributes: { b: 'x', a: 'y', host: '3' }, timeMs: 1, value: 4 },
      { attributes: { a: 'x', b: 'y', host: '4' }, timeMs: 1, value: 8 },
    ];
    const [m] = aggregate({ resource: {}, metrics: [{ descriptor: REQUESTS, points }] }).metrics;
    expect(m!.points.map((p) => [p.attributes, p.value])).toEqual([
      [{ a: 'x', b: 'y' }, 9],
      [{ a: 'x', c: 'y' }, 2],
      [{ b: 'x', a: 'y' }, 4],
    ]);
  });

  it('adds floating-point sums in batch order, exactly as a left fold', () => {
    const values = [0.1, 0.2, 0.3, 1e16, 1, -1e16];
    const aggregate = compileAggregate({ drop: ['host'], gauge: 'last' });
    const points = values.map((value, i): DataPoint => ({ attributes: { host: String(i) }, timeMs: 1, value }));
    const [m] = aggregate({ resource: {}, metrics: [{ descriptor: REQUESTS, points }] }).metrics;
    expect(m!.points).toEqual([{ attributes: {}, timeMs: 1, value: values.reduce((a, b) => a + b) }]);
  });
});
