import { describe, expect, it } from 'vitest';
import type { Batch } from '../../model/types.js';
import { decodeBatch, encodeBatch } from './batch-codec.js';

describe('batch codec', () => {
  it('round-trips a batch, including non-finite values and an attribute called value', () => {
    const batch: Batch = {
      resource: { zone: 'z' },
      meta: { origin: 'backfill' },
      metrics: [
        {
          descriptor: { name: 'm', kind: 'sum', temporality: 'delta', monotonic: true },
          points: [
            { attributes: { value: 'NaN' }, startMs: 1, timeMs: 2, value: Number.NaN },
            { attributes: {}, timeMs: 3, value: Number.POSITIVE_INFINITY },
            { attributes: { n: 1, b: true }, timeMs: 4, value: -0.5 },
          ],
        },
      ],
    };
    const { flags, payload } = encodeBatch(batch);
    expect(decodeBatch(flags, payload)).toEqual(batch);
  });
});
