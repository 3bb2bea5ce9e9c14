import type { Batch, DataPoint, Metric } from '@settle/core';
import type { BucketRef, ObservationColumns } from '../src/index.js';

/**
 * The benchmark workload of issue 3, kept exactly so figures compare with the other implementation:
 * S = 100,000 series (1,000 zones × 100 status combos, s = zone*100 + combo), B = 10 open minute buckets,
 * P = 20 polls, one observation per (series, bucket) per poll from one buffer built once whose values are
 * rewritten each poll. Observation order is the one Cloudflare answers in: zone, then minute, then combo.
 */
export const S = 100_000;
export const B = 10;
export const P = 20;
export const ZONES = 1_000;
export const COMBOS = 100;
export const OBSERVATIONS = S * B;
export const STEP_MS = 30_000;
const MINUTE = 60_000;
/** The newest bucket ends at the first poll; polls then come every 30 s. */
export const T0 = Date.UTC(2026, 0, 1);
export const FIRST_POLL_MS = T0 + B * MINUTE;
export const METRIC = 'cloudflare_zone_requests_status';

export function valueOf(s: number, b: number, p: number): number {
  const final = (s * 7919 + b * 104729) % 100_000;
  const settle = (s + 3 * b) % 6;
  return p >= settle ? final : Math.floor((final * p) / (settle + 1));
}

export function zoneName(zone: number): string {
  return `z${String(zone).padStart(4, '0')}`;
}

export function buildKeys(): string[] {
  const keys = new Array<string>(S);
  for (let zone = 0; zone < ZONES; zone++) {
    for (let combo = 0; combo < COMBOS; combo++) {
      keys[zone * COMBOS + combo] = `${METRIC}{zone="${zoneName(zone)}",status="${200 + combo}"}`;
    }
  }
  return keys;
}

export const buckets: BucketRef[] = Array.from({ length: B }, (_, b) => ({
  startMs: T0 + b * MINUTE,
  timeMs: T0 + (b + 1) * MINUTE,
}));

/** Series index of observation i, in the zone → minute → combo order. */
function seriesAt(i: number): number {
  const zone = Math.floor(i / (B * COMBOS));
  return zone * COMBOS + (i % COMBOS);
}

function bucketIndexAt(i: number): number {
  return Math.floor(i / COMBOS) % B;
}

export interface ColumnBuffer extends ObservationColumns {
  readonly sIndex: Int32Array;
  readonly values: Float64Array;
}

export function buildColumns(keys: readonly string[]): ColumnBuffer {
  const series = new Array<string>(OBSERVATIONS);
  const bucket = new Int32Array(OBSERVATIONS);
  const sIndex = new Int32Array(OBSERVATIONS);
  for (let i = 0; i < OBSERVATIONS; i++) {
    const s = seriesAt(i);
    series[i] = keys[s]!;
    sIndex[i] = s;
    bucket[i] = bucketIndexAt(i);
  }
  return { length: OBSERVATIONS, buckets, bucket, series, sIndex, values: new Float64Array(OBSERVATIONS) };
}

export function rewriteColumns(buf: ColumnBuffer, p: number): void {
  const { sIndex, bucket, values } = buf;
  for (let i = 0; i < OBSERVATIONS; i++) values[i] = valueOf(sIndex[i]!, bucket[i]!, p);
}

type MutablePoint = { -readonly [K in keyof DataPoint]: DataPoint[K] };

export interface BatchBuffer {
  readonly batch: Batch;
  readonly points: MutablePoint[];
  readonly sIndex: Int32Array;
  readonly bIndex: Int32Array;
}

/** The same observations as data points whose attributes are objects: keys must be built from them. */
export function buildBatch(): BatchBuffer {
  const attrs = Array.from({ length: S }, (_, s) => ({
    zone: zoneName(Math.floor(s / COMBOS)),
    status: String(200 + (s % COMBOS)),
  }));
  const points: MutablePoint[] = new Array<MutablePoint>(OBSERVATIONS);
  const sIndex = new Int32Array(OBSERVATIONS);
  const bIndex = new Int32Array(OBSERVATIONS);
  for (let i = 0; i < OBSERVATIONS; i++) {
    const s = seriesAt(i);
    const b = bucketIndexAt(i);
    const ref = buckets[b]!;
    sIndex[i] = s;
    bIndex[i] = b;
    points[i] = { attributes: attrs[s]!, startMs: ref.startMs!, timeMs: ref.timeMs, value: 0 };
  }
  const metric: Metric = {
    descriptor: { name: METRIC, kind: 'sum', temporality: 'delta', monotonic: true, unit: '{request}' },
    points,
  };
  return { batch: { resource: {}, metrics: [metric], meta: { origin: 'live' } }, points, sIndex, bIndex };
}

export function rewriteBatch(buf: BatchBuffer, p: number): void {
  const { points, sIndex, bIndex } = buf;
  for (let i = 0; i < OBSERVATIONS; i++) points[i]!.value = valueOf(sIndex[i]!, bIndex[i]!, p);
}
