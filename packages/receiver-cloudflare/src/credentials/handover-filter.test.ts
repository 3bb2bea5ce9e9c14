import { createBatch, type Batch, type Metric } from '@settle/core';
import { SinkConsumer } from '@settle/core/testing';
import { describe, expect, it } from 'vitest';
import { handoverFilter } from './handover-filter.js';

const metric = (points: [Record<string, string>, number][]): Metric => ({
  descriptor: { name: 'requests', kind: 'sum', temporality: 'delta', monotonic: true, unit: '{request}' },
  points: points.map(([attributes, startMs]) => ({ attributes, startMs, timeMs: startMs + 60_000, value: 1 })),
});

describe('handoverFilter', () => {
  it('leaves out zones not owned, but for a handover the buckets that began before it; owned zones pass', async () => {
    const sink = new SinkConsumer();
    const zones = new Map([
      ['gone.example', 600_000],
      ['other.example', -Infinity],
    ]);
    const accounts = new Map([['Gone Inc', 600_000]]);
    const filter = handoverFilter(
      sink,
      () => zones,
      () => accounts,
    );
    const batch: Batch = createBatch([
      metric([
        [{ zone: 'gone.example' }, 540_000],
        [{ zone: 'gone.example' }, 600_000],
        [{ zone: 'kept.example' }, 600_000],
        [{ zone: 'other.example' }, 0],
        [{ account: 'Gone Inc' }, 660_000],
        [{ account: 'Kept Inc' }, 660_000],
      ]),
      metric([[{ zone: 'gone.example' }, 660_000]]),
    ]);
    await filter.consume(batch);
    const out = sink.batches.flatMap((b) => b.metrics.flatMap((m) => m.points.map((p) => [p.attributes, p.startMs])));
    expect(out).toEqual([
      [{ zone: 'gone.example' }, 540_000],
      [{ zone: 'kept.example' }, 600_000],
      [{ account: 'Kept Inc' }, 660_000],
    ]);
  });

  it('passes the batch itself when nothing is handed over', async () => {
    const sink = new SinkConsumer();
    const batch = createBatch([metric([[{ zone: 'a' }, 0]])]);
    await handoverFilter(
      sink,
      () => new Map(),
      () => new Map(),
    ).consume(batch);
    expect(sink.batches[0]).toBe(batch);
  });
});
