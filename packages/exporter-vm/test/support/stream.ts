import type { Batch } from '@settle/core';
import { batchOf } from '@settle/core/testing';

/** Batch number `i` of a test stream: one point per series at base + i seconds, value i × 10 + series. */
export function streamBatch(base: number, i: number, series: number, name = 'settle_stream_test'): Batch {
  const points = Array.from({ length: series }, (_, s) => ({
    attributes: { series: `s${s}` },
    timeMs: base + i * 1000,
    value: i * 10 + s,
  }));
  return batchOf({ name, kind: 'gauge' }, points, { job: 'stream' });
}
