import type { Batch } from '@settle/core';
import { describe, expect, it } from 'vitest';
import { PASSTHROUGH } from '../src/index.js';
import { one, T0 } from './helpers.js';
import { startConverge } from './processor-harness.js';

const GAUGE = { name: 'cloudflare_tunnel_health_status', kind: 'gauge', unit: '1' } as const;

function status(value: number, timeMs: number): Batch {
  return {
    resource: {},
    metrics: [{ descriptor: GAUGE, points: [{ attributes: { tunnel_id: 't1' }, timeMs, value }] }],
    meta: { origin: 'live', [PASSTHROUGH]: true },
  };
}

describe('batches marked converge.passthrough', () => {
  it('are forwarded at once and unchanged, while other batches still wait to settle', async () => {
    const { processor, sink } = await startConverge({ threshold: 3 });
    try {
      const reading = status(1, T0 + 5_000);
      await processor.consume(reading);
      await processor.consume(one(10)); // a bucket: needs 3 identical polls
      await processor.consume(status(0, T0 + 65_000));
      expect(sink.batches).toHaveLength(2);
      expect(sink.batches[0]).toBe(reading);
      expect(sink.batches.map((b) => b.metrics[0]?.points[0]?.value)).toEqual([1, 0]);
    } finally {
      await processor.shutdown();
    }
  });

  it('are not tracked: a flush at shutdown does not push them again', async () => {
    const { processor, sink } = await startConverge({ threshold: 3 });
    await processor.consume(status(1, T0));
    await processor.shutdown();
    const gauges = sink.batches.flatMap((b) => b.metrics).filter((m) => m.descriptor.name === GAUGE.name);
    expect(gauges).toHaveLength(1);
  });
});
