import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seriesKey, type AttributeValue, type Attributes, type MetricDescriptor } from '@settle/core';
import { SeriesResolver } from './series-resolver.js';
import { SeriesTable } from './series-table.js';

const NAMES = ['zone', 'status', '1', '"q"'] as const;
// Values whose Map identity and JSON encoding disagree are in here on purpose: 200 vs '200', -0 vs 0,
// NaN / Infinity / -Infinity / 'null'-like, booleans vs their strings, separators inside values.
const VALUE = fc.constantFrom<AttributeValue>(
  200,
  '200',
  0,
  -0,
  Number.NaN,
  Infinity,
  -Infinity,
  true,
  'true',
  '',
  'null',
  'x",b:"y',
);
/** A series' attributes as entries; points of it list them in orders picked per point. */
const SERIES = fc.uniqueArray(fc.tuple(fc.constantFrom(...NAMES), VALUE), { selector: ([k]) => k, maxLength: 3 });
const METRICS = ['m', 'n'].map((name): MetricDescriptor => ({ name, kind: 'sum' }));
const RESOURCES: Attributes[] = [{}, { account: 'a1' }, { region: 'eu', account: 'a1' }];

/** Values that a looser lookup could confuse: each series in the pool comes with such a twin. */
const TWINS = new Map<AttributeValue, AttributeValue>([
  [200, '200'],
  [0, -0],
  [Number.NaN, Infinity],
  [Infinity, -Infinity],
  [true, 'true'],
  ['', 'null'],
]);
const POOL = fc
  .array(SERIES, { minLength: 1, maxLength: 6 })
  .map((pool) =>
    pool.flatMap((entries) => [entries, entries.map(([k, v]): [string, AttributeValue] => [k, TWINS.get(v) ?? v])]),
  );

type Op =
  { kind: 'resolve'; resource: number; metric: number; series: number; order: number } | { kind: 'drop'; pick: number };

const OPS: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('resolve' as const),
        resource: fc.nat(RESOURCES.length - 1),
        metric: fc.nat(METRICS.length - 1),
        series: fc.nat(),
        order: fc.nat(5),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }) },
  ),
  { maxLength: 80 },
);

/** Builds the attribute object with its entries in the `order`-th permutation (a new object, as per poll). */
function pointAttributes(entries: readonly (readonly [string, AttributeValue])[], order: number): Attributes {
  const rest = [...entries];
  const out: [string, AttributeValue][] = [];
  let o = order;
  while (rest.length > 0) {
    out.push(rest.splice(o % rest.length, 1)[0]! as [string, AttributeValue]);
    o = Math.floor(o / (rest.length + 1));
  }
  return Object.fromEntries(out);
}

/**
 * Replays `ops` against a resolver and against plain seriesKey interning (the model): every id must stand for
 * exactly the canonical key of its point, and two points share an id exactly when their keys are equal.
 * Drops recycle ids (as closing windows does), so cached entries go stale and must not be trusted.
 */
function check(
  pool: readonly (readonly (readonly [string, AttributeValue])[])[],
  ops: readonly Op[],
  minSweep: number,
): void {
  const table = new SeriesTable();
  const resolver = new SeriesResolver(table, minSweep);
  const model = new Map<string, number>();
  for (const op of ops) {
    if (op.kind === 'drop') {
      const live = [...model];
      const victim = live[op.pick % Math.max(1, live.length)];
      if (victim === undefined) continue;
      table.releaseIfUnused(victim[1]);
      model.delete(victim[0]);
      continue;
    }
    const descriptor = METRICS[op.metric]!;
    const resource = RESOURCES[op.resource]!;
    const attrs = pointAttributes(pool[op.series % pool.length]!, op.order);
    const id = resolver
      .forResource({ ...resource })
      .forMetric(descriptor)
      .resolve(attrs);
    const key = seriesKey(descriptor.name, attrs, resource);
    expect(table.keyOf(id)).toBe(key);
    const known = model.get(key);
    if (known !== undefined) expect(id).toBe(known);
    else {
      expect([...model.values()]).not.toContain(id);
      model.set(key, id);
    }
  }
}

describe('SeriesResolver', () => {
  it('gives the ids of seriesKey interning, whatever the attribute order, value types and id recycling', () => {
    fc.assert(fc.property(POOL, OPS, (pool, ops) => check(pool, ops, 4096)));
  });

  it('stays exact while sweeping stale entries (sweeps forced after every few new entries)', () => {
    fc.assert(fc.property(POOL, OPS, (pool, ops) => check(pool, ops, 2)));
  });

  it('resolves a known series without building its key again, and the same series in any order', () => {
    const table = new SeriesTable();
    const resolver = new SeriesResolver(table).forResource({ account: 'a1' }).forMetric(METRICS[0]!);
    const id = resolver.resolve({ zone: 'z1', status: '200' });
    expect(resolver.cached).toBe(1);
    expect(resolver.resolve({ zone: 'z1', status: '200' })).toBe(id);
    resolver.forMetric(METRICS[0]!); // forgets the previous point: no guess, the trie decides
    expect(resolver.resolve({ status: '200', zone: 'z1' })).toBe(id);
    expect(resolver.cached).toBe(2); // one entry per attribute order, both for the same id
    expect(resolver.resolve({ zone: 'z1', status: 200 })).not.toBe(id);
    expect(table.size).toBe(2);
  });

  it('checks the guess (the series after the previous one last time) before using it', () => {
    const table = new SeriesTable();
    const resolver = new SeriesResolver(table).forResource({ account: 'a1' }).forMetric(METRICS[0]!);
    const a = resolver.resolve({ zone: 'z1' });
    const b = resolver.resolve({ zone: 'z2' }); // b follows a
    resolver.forMetric(METRICS[1]!);
    const a1 = resolver.resolve({ zone: 'z1' });
    expect(resolver.resolve({ zone: 'z2' })).not.toBe(b); // same attributes, other metric
    resolver.forMetric(METRICS[0]!);
    expect(resolver.resolve({ zone: 'z1' })).toBe(a);
    expect(resolver.resolve({ zone: 'z2', x: '1' })).not.toBe(b); // more attributes
    expect(resolver.resolve({ zone: 'z2' })).toBe(b);
    expect(resolver.resolve({ zone: 'z3' })).not.toBe(b);
    expect(new Set([a, b, a1]).size).toBe(3);
  });

  it('keeps resources and metrics apart', () => {
    const table = new SeriesTable();
    const resolver = new SeriesResolver(table);
    const attrs = { zone: 'z1' };
    const a = resolver.forResource({ account: 'a1' }).forMetric(METRICS[0]!).resolve(attrs);
    const b = resolver.forResource({ account: 'a2' }).forMetric(METRICS[0]!).resolve(attrs);
    const c = resolver.forMetric(METRICS[1]!).resolve(attrs);
    const d = resolver.forResource({ account: 'a1' }).forMetric(METRICS[0]!).resolve(attrs);
    expect(new Set([a, b, c]).size).toBe(3);
    expect(d).toBe(a);
  });

  it('does not cache object values (a mutated object must not keep its old series)', () => {
    const table = new SeriesTable();
    const resolver = new SeriesResolver(table).forResource({}).forMetric(METRICS[0]!);
    const value = { x: 1 };
    const attrs = { a: value } as unknown as Attributes;
    const first = resolver.resolve(attrs);
    value.x = 2;
    const second = resolver.resolve(attrs);
    expect(second).not.toBe(first);
    expect(table.keyOf(second)).toBe(seriesKey('m', attrs));
    expect(resolver.cached).toBe(0);
  });

  it('bounds the cache: entries of recycled ids are swept', () => {
    const table = new SeriesTable();
    const resolver = new SeriesResolver(table, 16).forResource({}).forMetric(METRICS[0]!);
    for (let i = 0; i < 1000; i++) table.releaseIfUnused(resolver.resolve({ zone: `z${i}` }));
    expect(table.size).toBe(0);
    expect(resolver.cached).toBeLessThanOrEqual(32);
  });
});
