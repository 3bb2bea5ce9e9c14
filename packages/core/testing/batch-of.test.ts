import { describe, expect, it } from 'vitest';
import { batchOf } from './batch-of.js';

describe('batchOf', () => {
  const point = { attributes: { zone: 'a' }, timeMs: 60_000, value: 1 };

  it('builds a one-metric batch with an empty resource and no meta by default', () => {
    expect(batchOf({ name: 'm', kind: 'gauge' }, [point])).toStrictEqual({
      resource: {},
      metrics: [{ descriptor: { name: 'm', kind: 'gauge' }, points: [point] }],
    });
  });

  it('carries the resource and meta it is given', () => {
    const b = batchOf({ name: 'm', kind: 'gauge' }, [], { account: 'x' }, { origin: 'backfill' });
    expect(b.resource).toEqual({ account: 'x' });
    expect(b.meta).toEqual({ origin: 'backfill' });
  });
});
