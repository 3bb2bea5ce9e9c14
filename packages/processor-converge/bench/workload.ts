import type { Batch, DataPoint, Metric } from '@settle/core';
import type { BucketRef } from '../src/index.js';

/**
 * The engine benchmark's workload (issue 14, "like for like"), fixed so that figures compare across versions
 * and implementations: S = 100,000 series `cloudflare_zone_requests_status{zone="zNNNN", status="SSS"}`
 * (1,000 zones × 100 statuses, s = zone × 100 + status index), B = 10 minute buckets, P = 20 polls. One buffer
 * of S × B observations in bucket-major order (index = b × S + s), built once; its values are rewritten before
 * each poll and the whole buffer goes into one ingest call. The first poll is at bucket 0's start + 1 minute,
 * then every 30 s; with a 15-minute TTL no window closes during the run, so no observation is late.
 */
export const S = 100_000;
export const B = 10;
export const P = 20;
export const ZONES = 1_000;
export const STATUSES = 100;
export const OBSERVATIONS = S * B;
export const STEP_MS = 30_000;
export const TTL_MS = 15 * 60_000;
export const THRESHOLD = 3;
const MINUTE = 60_000;
export const T0 = Date.UTC(2026, 0, 1);
export const FIRST_POLL_MS = T0 + MINUTE;
export const METRIC = 'cloudflare_zone_requests_status';

/** Observation of series `s` in bucket `b` at poll `p`: grows until the series' settle poll, then is final. */
export function valueOf(s: number, b: number, p: number): number {
  const final = (s * 7919 + b * 104729) % 100_000;
  const settle = (s + 3 * b) % 6;
  return p >= settle ? final : Math.floor((final * p) / (settle + 1));
}

export function zoneName(zone: number): string {
  return `z${String(zone).padStart(4, '0')}`;
}

function statusOf(s: number): string {
  return String(200 + (s % STATUSES));
}

export const buckets: BucketRef[] = Array.from({ length: B }, (_, b) => ({
  startMs: T0 + b * MINUTE,
  timeMs: T0 + (b + 1) * MINUTE,
}));

/** Observations as key strings (one per observation, the `keys` input): series, bucket index and value columns. */
export interface KeyBuffer {
  readonly length: number;
  readonly buckets: readonly BucketRef[];
  readonly bucket: Int32Array;
  readonly series: readonly string[];
  readonly values: Float64Array;
}

export function buildKeys(): string[] {
  return Array.from(
    { length: S },
    (_, s) => `${METRIC}{zone="${zoneName(Math.floor(s / STATUSES))}",status="${statusOf(s)}"}`,
  );
}

export function buildKeyBuffer(keys: readonly string[]): KeyBuffer {
  const series = new Array<string>(OBSERVATIONS);
  const bucket = new Int32Array(OBSERVATIONS);
  for (let b = 0; b < B; b++) {
    for (let s = 0; s < S; s++) {
      series[b * S + s] = keys[s]!;
      bucket[b * S + s] = b;
    }
  }
  return { length: OBSERVATIONS, buckets, bucket, series, values: new Float64Array(OBSERVATIONS) };
}

export function rewriteKeyBuffer(buf: KeyBuffer, p: number): void {
  const { values } = buf;
  for (let b = 0; b < B; b++) for (let s = 0; s < S; s++) values[b * S + s] = valueOf(s, b, p);
}

type MutablePoint = { -readonly [K in keyof DataPoint]: DataPoint[K] };

/** The same observations as one batch of data points whose attributes are objects (the `objects` input). */
export interface BatchBuffer {
  readonly batch: Batch;
  readonly points: MutablePoint[];
}

export function buildBatch(): BatchBuffer {
  const attrs = Array.from({ length: S }, (_, s) => ({
    zone: zoneName(Math.floor(s / STATUSES)),
    status: statusOf(s),
  }));
  const points = new Array<MutablePoint>(OBSERVATIONS);
  for (let b = 0; b < B; b++) {
    const ref = buckets[b]!;
    for (let s = 0; s < S; s++) {
      points[b * S + s] = { attributes: attrs[s]!, startMs: ref.startMs!, timeMs: ref.timeMs, value: 0 };
    }
  }
  const metric: Metric = {
    descriptor: { name: METRIC, kind: 'sum', temporality: 'delta', monotonic: true, unit: '{request}' },
    points,
  };
  return { batch: { resource: {}, metrics: [metric], meta: { origin: 'live' } }, points };
}

export function rewriteBatch(buf: BatchBuffer, p: number): void {
  const { points } = buf;
  for (let b = 0; b < B; b++) for (let s = 0; s < S; s++) points[b * S + s]!.value = valueOf(s, b, p);
}
