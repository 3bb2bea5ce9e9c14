import type { Attributes, MetricDescriptor } from '@settle/core';

/**
 * Why a point left the engine:
 * - `stable`: a live run reached `threshold` (and `stable_for` / `min_age`);
 * - `backfill`: a backfill run reached `backfill_threshold`;
 * - `revision`: a series already pushed stabilised again on a different value;
 * - `ttl`: its window expired before it stabilised (or while it had drifted from what was pushed);
 * - `flush`: shutdown pushed what was not pushed yet;
 * - `evicted`: `max_series` closed its window early;
 * - `late`: it arrived for a closed window and `late: push` is set.
 */
export type EmitReason = 'stable' | 'backfill' | 'revision' | 'ttl' | 'flush' | 'evicted' | 'late';

export const EMIT_REASONS: readonly EmitReason[] = [
  'stable',
  'backfill',
  'revision',
  'ttl',
  'flush',
  'evicted',
  'late',
];

/** What the engine needs to rebuild a data point for a series: everything but the bucket and the value. */
export interface SeriesInfo {
  readonly descriptor: MetricDescriptor;
  readonly attributes: Attributes;
  readonly resource: Attributes;
}

/** One point leaving the engine, stamped with its source bucket's own start and time. */
export interface Emission {
  /** The canonical series key (metric name + sorted attributes + sorted resource attributes). */
  readonly key: string;
  /** Undefined only for series interned through the columnar API without info. */
  readonly info: SeriesInfo | undefined;
  readonly startMs: number | undefined;
  readonly timeMs: number;
  readonly value: number;
  readonly reason: EmitReason;
  /** True when this replaces a value already pushed for the same series and bucket. */
  readonly revision: boolean;
}

/** A source bucket: the window key. `startMs` is absent for instant (gauge) points. */
export interface BucketRef {
  readonly startMs?: number | undefined;
  readonly timeMs: number;
}

/**
 * Observations in columns, for callers that hold series keys rather than batches (the benchmarks): observation
 * `i` is series `series[i]` (a key string: the canonical key when the series also comes in batches), bucket
 * `buckets[bucket[i]]`, value `values[i]`. No object is allocated per observation. Series met only this way
 * have no descriptor: their points cannot be turned into batches.
 */
export interface ObservationColumns {
  readonly length: number;
  readonly buckets: readonly BucketRef[];
  readonly bucket: Int32Array;
  readonly series: readonly string[];
  readonly values: Float64Array;
}

export type Origin = 'live' | 'backfill';

export interface EngineStats {
  readonly openWindows: number;
  /** Open trackers: one per (series, window). What `max_series` bounds. */
  readonly trackedSeries: number;
  /** Distinct series keys currently interned (referenced by at least one open window). */
  readonly internedSeries: number;
  readonly observations: number;
  readonly emitted: Readonly<Record<EmitReason, number>>;
  readonly revisions: number;
  readonly latePoints: number;
  readonly evictedWindows: number;
}
