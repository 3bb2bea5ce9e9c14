import type { Attributes, Batch, DataPoint, Metric, MetricDescriptor } from '@settle/core';

export type TemporalityMode = 'delta' | 'cumulative' | 'gauge';

/** Sums that carry one bucket's amount each: what the `temporality` setting converts. */
export function isDeltaSum(d: MetricDescriptor): boolean {
  return d.kind === 'sum' && d.temporality !== 'cumulative';
}

/** Per-bucket counts are monotonic unless the source says otherwise. */
export function isMonotonic(d: MetricDescriptor): boolean {
  return d.monotonic !== false;
}

/** The batch resource with the configured attributes merged over it (configured ones win). */
export function mergeResource(resource: Attributes, extra: Attributes): Attributes {
  return Object.keys(extra).length === 0 ? resource : { ...resource, ...extra };
}

/**
 * `delta` and `gauge` modes: a stateless rewrite of each batch. Delta sums become delta monotonic Sums
 * (start = bucket start, time = bucket end) or Gauges (time = bucket end); gauges and cumulative sums pass
 * through unchanged in every mode.
 */
export function toExportBatch(batch: Batch, mode: 'delta' | 'gauge', extraResource: Attributes): Batch {
  const metrics = batch.metrics.map((m) => (isDeltaSum(m.descriptor) ? mapDelta(m, mode) : m));
  const resource = mergeResource(batch.resource, extraResource);
  return batch.meta === undefined ? { resource, metrics } : { resource, metrics, meta: batch.meta };
}

function mapDelta(metric: Metric, mode: 'delta' | 'gauge'): Metric {
  const d = metric.descriptor;
  if (mode === 'gauge') {
    return {
      descriptor: withoutSumFields({ ...d, kind: 'gauge' }),
      points: metric.points.map((p): DataPoint => ({ attributes: p.attributes, timeMs: p.timeMs, value: p.value })),
    };
  }
  return { descriptor: { ...d, temporality: 'delta', monotonic: isMonotonic(d) }, points: metric.points };
}

function withoutSumFields(d: MetricDescriptor): MetricDescriptor {
  const { temporality: _t, monotonic: _m, ...rest } = d;
  return rest;
}
