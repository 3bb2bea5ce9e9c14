import type { Batch, DataPoint, MetricDescriptor } from '@settle/core';
import type { Emission } from '../src/index.js';

export const MINUTE = 60_000;
export const T0 = Date.UTC(2026, 0, 1, 12, 0);

export const REQUESTS: MetricDescriptor = {
  name: 'cloudflare_zone_requests_total',
  kind: 'sum',
  temporality: 'delta',
  monotonic: true,
  unit: '{request}',
};

/** Minute bucket `i` after T0: start and end. */
export function minute(i: number): { startMs: number; timeMs: number } {
  return { startMs: T0 + i * MINUTE, timeMs: T0 + (i + 1) * MINUTE };
}

/**
 * One poll's answer: `values[series][bucket] = value` (bucket = minute index). Series names become the
 * `zone` attribute; a missing entry means the series was absent from that bucket in this poll.
 */
export function poll(
  values: Record<string, Record<number, number>>,
  origin: 'live' | 'backfill' = 'live',
  descriptor: MetricDescriptor = REQUESTS,
): Batch {
  const points: DataPoint[] = [];
  for (const [zone, byBucket] of Object.entries(values)) {
    for (const [b, value] of Object.entries(byBucket)) {
      points.push({ attributes: { zone }, ...minute(Number(b)), value });
    }
  }
  return { resource: { account: 'a1' }, metrics: [{ descriptor, points }], meta: { origin } };
}

/** A poll of one series in bucket 0. */
export function one(value: number, origin: 'live' | 'backfill' = 'live'): Batch {
  return poll({ z: { 0: value } }, origin);
}

/** Compact view of emissions for assertions: zone, bucket index, value, reason. */
export function brief(emissions: readonly Emission[]): string[] {
  return emissions.map((e) => {
    const zone = String(e.info?.attributes.zone);
    const b = (e.timeMs - T0) / MINUTE - 1;
    return `${zone}@${b}=${e.value}:${e.reason}`;
  });
}
