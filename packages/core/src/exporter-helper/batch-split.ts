import type { Batch, Metric } from '../model/types.js';
import { countPoints } from '../model/batch.js';
import { seriesKey } from '../model/series-key.js';

/**
 * Merges queued batches into as few requests as possible. Only batches with the same resource and origin are
 * merged (a request carries one resource); the merged batch keeps the first batch's meta.
 */
export function mergeBatches(batches: readonly Batch[]): Batch[] {
  const out: Batch[] = [];
  let current: { batch: Batch; key: string; metrics: Metric[] } | undefined;
  for (const b of batches) {
    const key = `${seriesKey('', b.resource)}#${b.meta?.origin ?? 'live'}`;
    if (current !== undefined && current.key === key) {
      current.metrics.push(...b.metrics);
      continue;
    }
    if (current !== undefined) out.push(withMetrics(current.batch, current.metrics));
    current = { batch: b, key, metrics: [...b.metrics] };
  }
  if (current !== undefined) out.push(withMetrics(current.batch, current.metrics));
  return out;
}

/** Cuts a batch into pieces of at most `maxPoints` points, keeping metric order. */
export function splitByPoints(batch: Batch, maxPoints: number): Batch[] {
  if (countPoints(batch) <= maxPoints) return [batch];
  const out: Batch[] = [];
  let metrics: Metric[] = [];
  let room = maxPoints;
  for (const m of batch.metrics) {
    let offset = 0;
    while (offset < m.points.length) {
      const take = Math.min(room, m.points.length - offset);
      metrics.push(
        take === m.points.length ? m : { descriptor: m.descriptor, points: m.points.slice(offset, offset + take) },
      );
      offset += take;
      room -= take;
      if (room === 0) {
        out.push(withMetrics(batch, metrics));
        metrics = [];
        room = maxPoints;
      }
    }
  }
  if (metrics.length > 0) out.push(withMetrics(batch, metrics));
  return out;
}

/** Halves a batch until every piece's `sizeOf` fits `maxBytes` (a single point is sent whatever its size). */
export function splitBySize(batch: Batch, maxBytes: number, sizeOf: (b: Batch) => number): Batch[] {
  const points = countPoints(batch);
  if (points <= 1 || sizeOf(batch) <= maxBytes) return [batch];
  const halves = splitByPoints(batch, Math.ceil(points / 2));
  return halves.flatMap((h) => splitBySize(h, maxBytes, sizeOf));
}

function withMetrics(batch: Batch, metrics: Metric[]): Batch {
  return batch.meta === undefined
    ? { resource: batch.resource, metrics }
    : { resource: batch.resource, metrics, meta: batch.meta };
}
