import type { Attributes, MetricDescriptor } from '@settle/core';
import type { Learning } from './learning.js';
import type { LearningSnapshot, RecordingSnapshot } from './learning-snapshot.js';
import type { SeriesTable } from './series-table.js';
import type { TrackerWindow } from './tracker-window.js';
import type { SeriesInfo } from './types.js';
import type { JsonNumber } from './snapshot-json.js';

/** The checkpoint format written (binary: snapshot-frame.ts, snapshot-encode.ts). */
export const SNAPSHOT_FORMAT = 'settle.converge/2';
export const SNAPSHOT_FORMAT_BINARY = SNAPSHOT_FORMAT;
/** The JSON format written before it, still restored (ConvergeSnapshot). */
export const SNAPSHOT_FORMAT_JSON = 'settle.converge/1';

/**
 * The binary checkpoint's JSON header (settle.converge/2). After it, in the body: the series table as UTF-8
 * JSON (`seriesBytes` bytes, BinarySeries), each series id's source code (u8 × `seriesCapacity`; 0 = not
 * resolved, else index + 1 into `learning.sources`), then per window its `size` trackers as columns: series
 * id i32, latest f64, run start (ms after the bucket's end) i32, pushed value f64 (meaningful where flagged),
 * run length u16, flags u8 (bit 0: pushed), and, when `anchor`, the run's first value f64.
 */
export interface BinaryHeader {
  readonly format: typeof SNAPSHOT_FORMAT_BINARY;
  readonly expiredThroughMs: number | null;
  readonly observedThroughMs: number | null;
  readonly closed: readonly string[];
  readonly seriesBytes: number;
  readonly seriesCapacity: number;
  readonly windows: readonly {
    readonly startMs: number | null;
    readonly timeMs: number;
    readonly live: boolean;
    readonly backfillMs: number | null;
    readonly size: number;
    readonly anchor: boolean;
    readonly recording?: readonly RecordingSnapshot[];
  }[];
  readonly learning: LearningSnapshot;
  /** What the caller saved with the engine (the processor: its retained output and handoff seq). */
  readonly attached?: unknown;
}

/** The series table by id: null for a free id, the key of a series without info, else [descriptor, resource, attributes]. */
export interface BinarySeries {
  readonly descriptors: readonly MetricDescriptor[];
  readonly resources: readonly Attributes[];
  readonly series: readonly (null | string | readonly [number, number, Attributes])[];
}

/**
 * The JSON format of older checkpoints (settle.converge/1), still restored. Descriptors and resources are
 * listed once and referenced by index; each window stores its trackers as parallel columns (series index,
 * latest value, run length, start of the run relative to the bucket's time, pushed value or null).
 */
export interface ConvergeSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT_JSON;
  readonly expiredThroughMs: number | null;
  /** The latest time data was ingested at (absent in older snapshots): how long a restart's stop lasted. */
  readonly observedThroughMs?: number | null;
  /** Ids of closed buckets still remembered (for late detection), oldest first. */
  readonly closed: readonly string[];
  readonly descriptors: readonly MetricDescriptor[];
  readonly resources: readonly Attributes[];
  readonly series: readonly SnapshotSeries[];
  readonly windows: readonly SnapshotWindow[];
  /** The learned state (absent in snapshots written before learning: they restore as a cold start). */
  readonly learning?: LearningSnapshot;
}

export interface SnapshotSeries {
  readonly key: string;
  /** Index into `descriptors`/`resources`; absent with `attributes` for series interned without info. */
  readonly descriptor?: number;
  readonly resource?: number;
  readonly attributes?: Attributes;
  /** Index into `learning.sources` of the series' source. */
  readonly source?: number;
}

export interface SnapshotWindow {
  readonly startMs: number | null;
  readonly timeMs: number;
  readonly live: boolean;
  /** Latest time backfill data landed in the window; null if none. */
  readonly backfillMs: number | null;
  readonly series: readonly number[];
  readonly latest: readonly JsonNumber[];
  /** Present only when the writing engine had a tolerance. */
  readonly anchor?: readonly JsonNumber[];
  readonly run: readonly number[];
  readonly runStartOffsetMs: readonly number[];
  readonly pushed: readonly (JsonNumber | null)[];
  /** Histories being recorded here (absent when none). */
  readonly recording?: readonly RecordingSnapshot[];
}

export interface EngineState {
  readonly windows: readonly TrackerWindow[];
  readonly series: SeriesTable;
  readonly closed: readonly string[];
  readonly expiredThroughMs: number;
  readonly observedThroughMs: number;
  readonly learning: Learning;
}

/** Decoded state of either format, checked, ready to load. */
export interface DecodedState {
  readonly expiredThroughMs: number | undefined;
  readonly observedThroughMs: number | undefined;
  readonly closed: readonly string[];
  /** By snapshot series index (undefined: a free id, which no tracker refers to). */
  readonly series: readonly (DecodedSeries | undefined)[];
  readonly windows: readonly DecodedWindow[];
  readonly learning: LearningSnapshot | undefined;
  /** What was saved with the engine (binary format only). */
  readonly attached: unknown;
}

export interface DecodedSeries {
  readonly key: string;
  readonly info: SeriesInfo | undefined;
  /** Index into the learned sources, if resolved. */
  readonly source: number | undefined;
}

/** A window's trackers as columns (`size` each): series index, values, pushed value where `isPushed`. */
export interface DecodedWindow {
  readonly startMs: number | undefined;
  readonly timeMs: number;
  readonly live: boolean;
  readonly backfillMs: number;
  readonly size: number;
  readonly series: ArrayLike<number>;
  readonly latest: ArrayLike<number>;
  readonly anchor: ArrayLike<number>;
  readonly run: ArrayLike<number>;
  readonly runStartOffsetMs: ArrayLike<number>;
  readonly pushed: ArrayLike<number>;
  readonly isPushed: ArrayLike<number | boolean>;
  readonly recording: readonly RecordingSnapshot[];
}
