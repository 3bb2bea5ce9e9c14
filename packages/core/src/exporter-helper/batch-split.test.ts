import { describe, expect, it } from 'vitest';
import { countPoints } from '../model/batch.js';
import type { Batch, Metric } from '../model/types.js';
import { mergeBatches, splitByPoints, splitBySize } from './batch-split.js';

function metric(name: string, n: number, t0 = 0): Metric {
  return {
    descriptor: { name, kind: 'gauge' },
    points: Array.from({ length: n }, (_, i) => ({ attributes: { i }, timeMs: t0 + i, value: i })),
  };
}

const flat = (batches: Batch[]): string[] =>
  batches.flatMap((b) => b.metrics.flatMap((m) => m.points.map((p) => `${m.descriptor.name}@${p.timeMs}`)));

describe('mergeBatches', () => {
  it('merges neighbours with the same resource and origin, keeps order', () => {
    const a: Batch = { resource: { zone: 'a' }, metrics: [metric('x', 2)] };
    const a2: Batch = { resource: { zone: 'a' }, metrics: [metric('y', 1)] };
    const b: Batch = { resource: { zone: 'b' }, metrics: [metric('x', 1)] };
    const old: Batch = { resource: { zone: 'b' }, metrics: [metric('x', 1, 9)], meta: { origin: 'backfill' } };
    const merged = mergeBatches([a, a2, b, old]);
    expect(merged.map((m) => [m.resource, countPoints(m)])).toEqual([
      [{ zone: 'a' }, 3],
      [{ zone: 'b' }, 1],
      [{ zone: 'b' }, 1],
    ]);
    expect(merged[2]?.meta).toEqual({ origin: 'backfill' });
  });
});

describe('splitByPoints', () => {
  it('cuts across metrics without losing or reordering points', () => {
    const batch: Batch = { resource: {}, metrics: [metric('x', 5), metric('y', 4)] };
    const parts = splitByPoints(batch, 4);
    expect(parts.map(countPoints)).toEqual([4, 4, 1]);
    expect(flat(parts)).toEqual(flat([batch]));
  });

  it('returns the batch itself when it fits', () => {
    const batch: Batch = { resource: {}, metrics: [metric('x', 3)] };
    expect(splitByPoints(batch, 3)[0]).toBe(batch);
  });
});

describe('splitBySize', () => {
  it('halves until each piece fits, a lone point always goes', () => {
    const batch: Batch = { resource: {}, metrics: [metric('x', 10)] };
    const parts = splitBySize(batch, 30, (b) => countPoints(b) * 10);
    expect(parts.map(countPoints)).toEqual([3, 2, 3, 2]);
    expect(splitBySize(batch, 1, (b) => countPoints(b) * 10).map(countPoints)).toEqual(Array(10).fill(1));
  });
});
