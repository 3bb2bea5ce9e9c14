import type { Attributes, Batch, DataPoint, MetricDescriptor } from '@settle/core';
import type { Emission } from '../engine/types.js';

/**
 * Groups emitted points into batches: one per resource and origin (backfill emissions keep their origin so
 * downstream knows they are history), one metric per descriptor inside, marked `partialBuckets`. The engine shares descriptor and
 * resource objects between series, so grouping by identity is grouping by value.
 */
export function toBatches(emissions: readonly Emission[]): Batch[] {
  const groups = new Map<Attributes, Map<boolean, Map<MetricDescriptor, DataPoint[]>>>();
  for (const e of emissions) {
    if (e.info === undefined) continue; // only series interned through ingestColumns without info
    const { resource, descriptor, attributes } = e.info;
    let byOrigin = groups.get(resource);
    if (byOrigin === undefined)
      groups.set(resource, (byOrigin = new Map<boolean, Map<MetricDescriptor, DataPoint[]>>()));
    const backfill = e.reason === 'backfill';
    let metrics = byOrigin.get(backfill);
    if (metrics === undefined) byOrigin.set(backfill, (metrics = new Map<MetricDescriptor, DataPoint[]>()));
    let points = metrics.get(descriptor);
    if (points === undefined) metrics.set(descriptor, (points = []));
    points.push(
      e.startMs === undefined
        ? { attributes, timeMs: e.timeMs, value: e.value }
        : { attributes, startMs: e.startMs, timeMs: e.timeMs, value: e.value },
    );
  }
  const batches: Batch[] = [];
  for (const [resource, byOrigin] of groups) {
    for (const [backfill, metrics] of byOrigin) {
      batches.push({
        resource,
        metrics: [...metrics].map(([descriptor, points]) => ({ descriptor, points })),
        // Series of one bucket settle (and leave) at different times: never a bucket's complete set.
        meta: { origin: backfill ? 'backfill' : 'live', partialBuckets: true },
      });
    }
  }
  return batches;
}
