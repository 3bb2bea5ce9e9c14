import type { Attributes, Batch, BatchMeta, Metric } from './types.js';

/** Number of data points in a batch (what `*_points` telemetry counts). */
export function countPoints(batch: Batch): number {
  let n = 0;
  for (const m of batch.metrics) n += m.points.length;
  return n;
}

/** Builds a batch, dropping metrics without points so consumers never see empty ones. */
export function createBatch(metrics: readonly Metric[], resource: Attributes = {}, meta?: BatchMeta): Batch {
  const kept = metrics.filter((m) => m.points.length > 0);
  return meta === undefined ? { resource, metrics: kept } : { resource, metrics: kept, meta };
}

/** The batch's origin, `live` when unspecified. */
export function originOf(batch: Batch): 'live' | 'backfill' {
  return batch.meta?.origin ?? 'live';
}
