import type { Batch, DataPoint, Metric, MetricDescriptor } from '@settle/core';

/**
 * The checkpoint benchmark's workload: what a Cloudflare receiver hands converge. N series
 * `cloudflare_zone_requests_status{zone, status}` (N / 100 zones × 100 statuses) in minute buckets; a poll every
 * 30 s carries every bucket that ended in the last 10 minutes (the receiver's default lookback), so with the
 * 15-minute TTL about 15 minute windows are open at once. Values grow for 0–5 polls after the bucket's end and
 * then hold; one series in 50 changes once more 4–6 minutes after the bucket's end (a late revision).
 */
export const POLL_MS = 30_000;
export const LOOKBACK_MS = 10 * 60_000;
export const MINUTE = 60_000;
export const STATUSES = 100;
export const T0 = Date.UTC(2026, 0, 1);

const DESCRIPTOR: MetricDescriptor = {
  name: 'cloudflare_zone_requests_status',
  kind: 'sum',
  temporality: 'delta',
  monotonic: true,
  unit: '{request}',
};

type MutablePoint = { -readonly [K in keyof DataPoint]: DataPoint[K] };

/** Observation of series `s` in minute `b`, `age` ms after the minute's end. */
export function valueAt(s: number, b: number, age: number): number {
  const final = ((s * 7919 + b * 104_729) % 100_000) + 1;
  const polls = Math.floor(age / POLL_MS);
  const settle = (s + 3 * b) % 6;
  const late = (s + b) % 50 === 0 && age >= (4 + ((s + b) % 3)) * MINUTE ? 1 : 0;
  return polls >= settle ? final + late : Math.floor((final * (polls + 1)) / (settle + 2));
}

/**
 * Builds each poll's batch. Points of a minute are allocated once and their values rewritten per poll, so the
 * bench's own garbage stays out of the timed steps (as the engine bench does).
 */
export class PollSource {
  private readonly minutes = new Map<number, MutablePoint[]>();
  private readonly attrs: { zone: string; status: string }[];

  constructor(readonly series: number) {
    this.attrs = Array.from({ length: series }, (_, s) => ({
      zone: `z${String(Math.floor(s / STATUSES)).padStart(5, '0')}`,
      status: String(200 + (s % STATUSES)),
    }));
  }

  /** The poll at `now`: one metric per minute that ended in (now - lookback, now]. */
  poll(now: number): Batch {
    const metrics: Metric[] = [];
    const last = Math.floor((now - T0) / MINUTE) - 1;
    const first = Math.floor((now - LOOKBACK_MS - T0) / MINUTE);
    for (const b of this.minutes.keys()) if (b < first) this.minutes.delete(b);
    for (let b = Math.max(0, first); b <= last; b++) {
      const points = this.pointsOf(b);
      const age = now - (T0 + (b + 1) * MINUTE);
      for (let s = 0; s < this.series; s++) points[s]!.value = valueAt(s, b, age);
      metrics.push({ descriptor: DESCRIPTOR, points });
    }
    return { resource: { account: 'a1' }, metrics, meta: { origin: 'live', 'cloudflare.dataset_id': 'requests' } };
  }

  private pointsOf(b: number): MutablePoint[] {
    let points = this.minutes.get(b);
    if (points === undefined) {
      const startMs = T0 + b * MINUTE;
      const timeMs = startMs + MINUTE;
      points = this.attrs.map((attributes) => ({ attributes, startMs, timeMs, value: 0 }));
      this.minutes.set(b, points);
    }
    return points;
  }
}
