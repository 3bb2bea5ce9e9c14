import type { Attributes, MetricDescriptor } from '@settle/core';
import type { Learning } from './learning.js';
import { encodeRecording, type LearningSnapshot, type RecordingSnapshot } from './learning-snapshot.js';
import type { SeriesTable } from './series-table.js';
import { PUSHED, type RestoredTracker, type TrackerWindow } from './tracker-window.js';
import type { SeriesInfo } from './types.js';
import { toJson, type JsonNumber } from './snapshot-json.js';

export const SNAPSHOT_FORMAT = 'settle.converge/1';

/**
 * The engine's open state as plain JSON. Descriptors and resources are listed once and referenced by index;
 * each window stores its trackers as parallel columns (series index, latest value, run length, start of the
 * run relative to the bucket's time, pushed value or null), which keeps a checkpoint of a million trackers in
 * tens of megabytes rather than hundreds.
 */
export interface ConvergeSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
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

export function encodeSnapshot(state: EngineState): ConvergeSnapshot {
  const seriesIndex = new Map<number, number>();
  const series: SnapshotSeries[] = [];
  const descriptors = new Indexer<MetricDescriptor>();
  const resources = new Indexer<Attributes>();
  const indexOf = (sid: number): number => {
    let i = seriesIndex.get(sid);
    if (i === undefined) {
      i = series.length;
      seriesIndex.set(sid, i);
      const source = state.series.src[sid]! - 1;
      series.push({
        ...encodeSeries(state.series.keyOf(sid), state.series.infoOf(sid), descriptors, resources),
        ...(source >= 0 ? { source } : {}),
      });
    }
    return i;
  };
  const windows = state.windows.map((w): SnapshotWindow => {
    const n = w.size;
    const cols = { series: [] as number[], latest: [] as JsonNumber[], run: [] as number[] };
    const runStartOffsetMs: number[] = [];
    const pushed: (JsonNumber | null)[] = [];
    for (let s = 0; s < n; s++) {
      cols.series.push(indexOf(w.sid[s]!));
      cols.latest.push(toJson(w.latest[s]!));
      cols.run.push(w.run[s]!);
      runStartOffsetMs.push(w.runStart[s]!);
      pushed.push((w.flags[s]! & PUSHED) === 0 ? null : toJson(w.pushed[s]!));
    }
    const anchor = w.anchor === undefined ? undefined : Array.from(w.anchor.subarray(0, n), toJson);
    const recording =
      w.recording === undefined
        ? undefined
        : [...w.recording].map(([slot, b]) => encodeRecording(slot, b, b.source - 1));
    return {
      startMs: w.startMs ?? null,
      timeMs: w.timeMs,
      live: w.live,
      backfillMs: Number.isFinite(w.backfillMs) ? w.backfillMs : null,
      ...cols,
      ...(anchor === undefined ? {} : { anchor }),
      runStartOffsetMs,
      pushed,
      ...(recording === undefined ? {} : { recording }),
    };
  });
  return {
    format: SNAPSHOT_FORMAT,
    expiredThroughMs: Number.isFinite(state.expiredThroughMs) ? state.expiredThroughMs : null,
    observedThroughMs: Number.isFinite(state.observedThroughMs) ? state.observedThroughMs : null,
    closed: state.closed,
    descriptors: descriptors.items,
    resources: resources.items,
    series,
    windows,
    learning: state.learning.snapshot(),
  };
}

function encodeSeries(
  key: string,
  info: SeriesInfo | undefined,
  descriptors: Indexer<MetricDescriptor>,
  resources: Indexer<Attributes>,
): SnapshotSeries {
  if (info === undefined) return { key };
  return {
    key,
    descriptor: descriptors.indexOf(info.descriptor),
    resource: resources.indexOf(info.resource),
    attributes: info.attributes,
  };
}

/** Lists objects once, by identity (the engine shares descriptor and resource objects between series). */
class Indexer<T extends object> {
  readonly items: T[] = [];
  private readonly index = new Map<T, number>();
  indexOf(item: T): number {
    let i = this.index.get(item);
    if (i === undefined) {
      i = this.items.push(item) - 1;
      this.index.set(item, i);
    }
    return i;
  }
}

/** Decoded state, ready to load. */
export interface DecodedState {
  readonly expiredThroughMs: number | undefined;
  readonly observedThroughMs: number | undefined;
  readonly closed: readonly string[];
  readonly series: readonly { key: string; info: SeriesInfo | undefined; source: number | undefined }[];
  readonly windows: readonly {
    startMs: number | undefined;
    timeMs: number;
    live: boolean;
    backfillMs: number;
    trackers: readonly (RestoredTracker & { series: number })[];
    recording: readonly RecordingSnapshot[];
  }[];
  readonly learning: LearningSnapshot | undefined;
}
