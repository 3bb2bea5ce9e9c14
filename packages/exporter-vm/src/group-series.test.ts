import { mergeBatches } from '@settle/core';
import { batchOf } from '@settle/core/testing';
import { describe, expect, it } from 'vitest';
import { groupSeries } from './group-series.js';

const NOW = Date.UTC(2026, 0, 10);
const options = { timestamp: 'start' as const, extraLabels: {}, minMs: NOW - 86_400_000, maxMs: NOW + 3_600_000 };

const M = { name: 'm', kind: 'gauge' } as const;

describe('groupSeries', () => {
  it('groups points into one series per label set, in arrival order', () => {
    const g = groupSeries(
      batchOf(M, [
        { attributes: { zone: 'a' }, timeMs: NOW, value: 1 },
        { attributes: { zone: 'b' }, timeMs: NOW, value: 2 },
        { attributes: { zone: 'a' }, timeMs: NOW + 1, value: 3 },
      ]),
      options,
    );
    expect(g.series.map((s) => [s.labels, s.timestamps, s.values])).toEqual([
      [{ __name__: 'm', zone: 'a' }, [NOW, NOW + 1], [1, 3]],
      [{ __name__: 'm', zone: 'b' }, [NOW], [2]],
    ]);
    expect(g.accepted).toBe(3);
  });

  it('lets extra labels win over point labels, and point labels over resource labels', () => {
    const g = groupSeries(
      batchOf(M, [{ attributes: { env: 'point', zone: 'z', code: 200 }, timeMs: NOW, value: 1 }], {
        env: 'res',
        zone: 'r',
        account: 'x',
      }),
      {
        ...options,
        extraLabels: { env: 'extra' },
      },
    );
    expect(g.series[0]?.labels).toEqual({ __name__: 'm', env: 'extra', zone: 'z', account: 'x', code: '200' });
  });

  it('takes the interval start or end as the sample time', () => {
    const p = [{ attributes: {}, startMs: NOW - 60_000, timeMs: NOW, value: 1 }];
    expect(groupSeries(batchOf(M, p), options).series[0]?.timestamps).toEqual([NOW - 60_000]);
    expect(groupSeries(batchOf(M, p), { ...options, timestamp: 'end' }).series[0]?.timestamps).toEqual([NOW]);
    const noStart = [{ attributes: {}, timeMs: NOW, value: 1 }];
    expect(groupSeries(batchOf(M, noStart), options).series[0]?.timestamps).toEqual([NOW]);
  });

  it('sorts out-of-order samples and keeps the last revision of a timestamp', () => {
    const g = groupSeries(
      batchOf(M, [
        { attributes: {}, timeMs: NOW + 2, value: 20 },
        { attributes: {}, timeMs: NOW + 1, value: 10 },
        { attributes: {}, timeMs: NOW + 2, value: 21 },
        { attributes: {}, timeMs: NOW + 1, value: 11 },
      ]),
      options,
    );
    expect(g.series[0]?.timestamps).toEqual([NOW + 1, NOW + 2]);
    expect(g.series[0]?.values).toEqual([11, 21]);
  });

  it('merged batches share their series: one value per (series, timestamp), the later batch wins', () => {
    const [merged] = mergeBatches([
      batchOf(M, [
        { attributes: { zone: 'a' }, timeMs: NOW, value: 1 },
        { attributes: { zone: 'b' }, timeMs: NOW, value: 2 },
      ]),
      batchOf(M, [
        { attributes: { zone: 'a' }, timeMs: NOW, value: 10 },
        { attributes: { zone: 'a' }, timeMs: NOW + 1, value: 11 },
      ]),
      batchOf({ ...M, name: 'other' }, [{ attributes: { zone: 'a' }, timeMs: NOW, value: 7 }]),
    ]);
    expect(merged?.metrics).toHaveLength(3);
    const g = groupSeries(merged ?? batchOf(M, []), options);
    expect(g.series.map((s) => [s.labels, s.timestamps, s.values])).toEqual([
      [{ __name__: 'm', zone: 'a' }, [NOW, NOW + 1], [10, 11]],
      [{ __name__: 'm', zone: 'b' }, [NOW], [2]],
      [{ __name__: 'other', zone: 'a' }, [NOW], [7]],
    ]);
  });

  it.each([
    ['non_finite_value', { attributes: {}, timeMs: NOW, value: Number.NaN }],
    ['non_finite_value', { attributes: {}, timeMs: NOW, value: Number.NEGATIVE_INFINITY }],
    ['too_old', { attributes: {}, timeMs: NOW - 86_400_001, value: 1 }],
    ['too_far_in_future', { attributes: {}, timeMs: NOW + 3_600_001, value: 1 }],
    ['invalid_label_name', { attributes: { 'a.b': 'x' }, timeMs: NOW, value: 1 }],
    ['invalid_label_name', { attributes: { __reserved: 'x' }, timeMs: NOW, value: 1 }],
    [
      'too_many_labels',
      { attributes: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`l${i}`, 'x'])), timeMs: NOW, value: 1 },
    ],
    ['label_value_too_long', { attributes: { long: 'é'.repeat(8_193) }, timeMs: NOW, value: 1 }],
  ])('rejects %s: %j', (reason, point) => {
    const g = groupSeries(batchOf(M, [point, { attributes: {}, timeMs: NOW, value: 5 }]), options);
    expect([...g.rejected.entries()].map(([r, v]) => [r, v.count])).toEqual([[reason, 1]]);
    expect(g.accepted).toBe(1);
  });

  it('accepts 30 labels and a 16 KiB value', () => {
    const attributes = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`l${i}`, i === 0 ? 'x'.repeat(16_384) : 'x']),
    );
    expect(groupSeries(batchOf(M, [{ attributes, timeMs: NOW, value: 1 }]), options).accepted).toBe(1);
  });

  it('rejects every point of a metric with an invalid name, accepts the edge of the window', () => {
    const g = groupSeries(batchOf({ ...M, name: '1bad' }, [{ attributes: {}, timeMs: NOW, value: 1 }]), options);
    expect(g.rejected.get('invalid_metric_name')).toEqual({ count: 1, example: '1bad' });
    const edges = groupSeries(
      batchOf({ ...M, name: 'ok:name_1' }, [
        { attributes: {}, timeMs: options.minMs, value: 1 },
        { attributes: {}, timeMs: options.maxMs, value: 2 },
      ]),
      options,
    );
    expect(edges.accepted).toBe(2);
  });
});
