import { describe, expect, it } from 'vitest';
import type { Batch } from '../../model/types.js';
import { FLAG_COLUMNAR, FLAG_NON_FINITE, decodeBatch, encodeBatch } from './batch-codec.js';

const roundTrip = (batch: Batch) => {
  const { flags, payload } = encodeBatch(batch);
  return { flags, back: decodeBatch(flags, payload) };
};

describe('batch codec', () => {
  it('round-trips the common case in the columnar layout', () => {
    const batch: Batch = {
      resource: { account: 'a' },
      meta: { origin: 'live', 'cloudflare.dataset': 'http' },
      metrics: [
        {
          descriptor: { name: 'm', kind: 'sum', temporality: 'delta', monotonic: true, unit: '{request}' },
          points: [
            { attributes: { zone: 'z', status: 200, cached: true }, startMs: 0, timeMs: 60_000, value: 3 },
            { attributes: { zone: 'y', status: 404, cached: false }, timeMs: 120_000, value: -0.25 },
          ],
        },
        { descriptor: { name: 'g', kind: 'gauge' }, points: [{ attributes: {}, timeMs: 5, value: 1e300 }] },
      ],
    };
    const { flags, back } = roundTrip(batch);
    expect(flags).toBe(FLAG_COLUMNAR);
    expect(back).toEqual(batch);
  });

  it('falls back to plain JSON for mixed attribute names', () => {
    const batch: Batch = {
      resource: {},
      metrics: [
        {
          descriptor: { name: 'm', kind: 'gauge' },
          points: [
            { attributes: { a: '1' }, timeMs: 1, value: 1 },
            { attributes: { b: '1' }, timeMs: 2, value: 2 },
            { attributes: { a: '1', b: '2' }, timeMs: 3, value: 3 },
          ],
        },
      ],
    };
    const { flags, back } = roundTrip(batch);
    expect(flags).toBe(0);
    expect(back).toEqual(batch);
  });

  it('keeps non-finite values, and an attribute called value stays a string', () => {
    const batch: Batch = {
      resource: { zone: 'z' },
      metrics: [
        {
          descriptor: { name: 'm', kind: 'gauge' },
          points: [
            { attributes: { value: 'NaN' }, startMs: 1, timeMs: 2, value: Number.NaN },
            { attributes: { value: 'x' }, timeMs: 3, value: Number.NEGATIVE_INFINITY },
          ],
        },
      ],
    };
    const { flags, back } = roundTrip(batch);
    expect(flags).toBe(FLAG_NON_FINITE);
    expect(back).toEqual(batch);
  });
});
