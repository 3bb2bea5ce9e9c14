import type { Attributes, DataPoint, MetricDescriptor } from '@settle/core';

export const MINUTE = 60_000;

/** A per-bucket counter as a receiver produces it: delta monotonic sum, start = bucket start, time = bucket end. */
export const REQUESTS: MetricDescriptor = {
  name: 'cloudflare_zone_requests_total',
  kind: 'sum',
  temporality: 'delta',
  monotonic: true,
  unit: '{request}',
  description: 'Requests per bucket',
};

export function bucket(startMs: number, value: number, attributes: Attributes = { zone: 'example.com' }): DataPoint {
  return { attributes, startMs, timeMs: startMs + MINUTE, value };
}
