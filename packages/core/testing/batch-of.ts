import type { Attributes, Batch, BatchMeta, DataPoint, MetricDescriptor } from '../src/model/types.js';

/** A batch of one metric, the shape most component tests feed in. */
export function batchOf(
  descriptor: MetricDescriptor,
  points: readonly DataPoint[],
  resource: Attributes = {},
  meta?: BatchMeta,
): Batch {
  const metrics = [{ descriptor, points }];
  return meta === undefined ? { resource, metrics } : { resource, metrics, meta };
}
