import { describe, expect, it } from 'vitest';
import { batchOf } from '@settle/core/testing';
import { bucket, MINUTE, REQUESTS } from '../../test/support/batches.js';
import { toExportBatch } from './export-shape.js';

const T0 = Date.UTC(2026, 0, 1);

describe('toExportBatch', () => {
  const input = {
    resource: { zone_plan: 'pro', 'service.name': 'from-batch' },
    meta: { origin: 'backfill' as const },
    metrics: [
      { descriptor: REQUESTS, points: [bucket(T0, 5)] },
      { descriptor: { name: 'temp', kind: 'gauge' as const }, points: [{ attributes: {}, timeMs: T0, value: 21.5 }] },
      {
        descriptor: { name: 'total', kind: 'sum' as const, temporality: 'cumulative' as const, monotonic: true },
        points: [bucket(T0, 99)],
      },
    ],
  };

  it('delta: per-bucket sums stay delta monotonic sums with the bucket interval', () => {
    const out = toExportBatch(input, 'delta', { 'service.name': 'settle' });
    expect(out.resource).toEqual({ zone_plan: 'pro', 'service.name': 'settle' });
    expect(out.meta).toEqual({ origin: 'backfill' });
    expect(out.metrics[0]).toEqual({
      descriptor: { ...REQUESTS, temporality: 'delta', monotonic: true },
      points: [{ attributes: { zone: 'example.com' }, startMs: T0, timeMs: T0 + MINUTE, value: 5 }],
    });
    expect(out.metrics.slice(1)).toEqual(input.metrics.slice(1));
  });

  it('gauge: per-bucket sums become gauges at the bucket end; other kinds pass through', () => {
    const out = toExportBatch(input, 'gauge', {});
    expect(out.resource).toBe(input.resource);
    const { temporality: _t, monotonic: _m, ...rest } = REQUESTS;
    expect(out.metrics[0]).toEqual({
      descriptor: { ...rest, kind: 'gauge' },
      points: [{ attributes: { zone: 'example.com' }, timeMs: T0 + MINUTE, value: 5 }],
    });
    expect(out.metrics.slice(1)).toEqual(input.metrics.slice(1));
  });

  it('treats a sum without temporality as delta and without monotonic as monotonic', () => {
    const d = { name: 'n', kind: 'sum' as const };
    expect(toExportBatch(batchOf(d, [bucket(T0, 1)]), 'delta', {}).metrics[0]?.descriptor).toEqual({
      ...d,
      temporality: 'delta',
      monotonic: true,
    });
    const down = { ...d, monotonic: false };
    expect(toExportBatch(batchOf(down, [bucket(T0, 1)]), 'delta', {}).metrics[0]?.descriptor.monotonic).toBe(false);
  });
});
