import type { Attributes, MetricDescriptor } from '@settle/core';
import { SNAPSHOT_FORMAT, type DecodedState, type SnapshotSeries, type SnapshotWindow } from './snapshot.js';
import { fromJson, invalidSnapshot } from './snapshot-json.js';
import type { LearningSnapshot, RecordingSnapshot } from './learning-snapshot.js';

/**
 * Checks and decodes a snapshot read back from storage. Checkpoints come from disk, so anything may be in
 * there: every structural problem becomes a SettleError that says what is wrong, never a TypeError later.
 */
export function decodeSnapshot(input: unknown): DecodedState {
  if (!isObject(input)) throw invalidSnapshot('not an object');
  if (input.format !== SNAPSHOT_FORMAT) {
    throw invalidSnapshot(`format is ${JSON.stringify(input.format)}, expected "${SNAPSHOT_FORMAT}"`);
  }
  const descriptors = arrayField<MetricDescriptor>(input, 'descriptors');
  const resources = arrayField<Attributes>(input, 'resources');
  const series = arrayField<SnapshotSeries>(input, 'series').map((s, i) => decodeSeries(s, i, descriptors, resources));
  const windows = arrayField<SnapshotWindow>(input, 'windows').map((w, i) => decodeWindow(w, i, series.length));
  const expired = input.expiredThroughMs;
  if (expired !== null && typeof expired !== 'number') throw invalidSnapshot('expiredThroughMs is not a number');
  const observed = input.observedThroughMs;
  if (observed !== undefined && observed !== null && typeof observed !== 'number') {
    throw invalidSnapshot('observedThroughMs is not a number');
  }
  const closed = arrayField<unknown>(input, 'closed').map((c) => {
    if (typeof c !== 'string') throw invalidSnapshot('closed holds a non-string');
    return c;
  });
  return {
    expiredThroughMs: expired ?? undefined,
    observedThroughMs: observed ?? undefined,
    closed,
    series,
    windows,
    learning: decodeLearning(input.learning),
  };
}

function decodeSeries(
  s: SnapshotSeries,
  i: number,
  descriptors: readonly MetricDescriptor[],
  resources: readonly Attributes[],
): DecodedState['series'][number] {
  if (!isObject(s) || typeof s.key !== 'string') throw invalidSnapshot(`series[${i}] has no key`);
  const source = typeof s.source === 'number' && Number.isInteger(s.source) && s.source >= 0 ? s.source : undefined;
  if (s.descriptor === undefined) return { key: s.key, info: undefined, source };
  const descriptor = descriptors[s.descriptor];
  const resource = s.resource === undefined ? undefined : resources[s.resource];
  if (descriptor === undefined || resource === undefined || !isObject(s.attributes)) {
    throw invalidSnapshot(`series[${i}] refers to a missing descriptor, resource or attributes`);
  }
  return { key: s.key, info: { descriptor, resource, attributes: s.attributes }, source };
}

function decodeWindow(w: SnapshotWindow, i: number, seriesCount: number): DecodedState['windows'][number] {
  if (!isObject(w) || typeof w.timeMs !== 'number') throw invalidSnapshot(`windows[${i}] has no timeMs`);
  const n = w.series.length;
  const columns = [w.latest, w.run, w.runStartOffsetMs, w.pushed, ...(w.anchor === undefined ? [] : [w.anchor])];
  if (!columns.every((c) => Array.isArray(c) && c.length === n)) {
    throw invalidSnapshot(`windows[${i}] has columns of different lengths`);
  }
  const trackers = w.series.map((series, s) => {
    if (!Number.isInteger(series) || series < 0 || series >= seriesCount) {
      throw invalidSnapshot(`windows[${i}] refers to series ${series}, but only ${seriesCount} exist`);
    }
    const latest = fromJson(w.latest[s]!);
    const pushed = w.pushed[s];
    return {
      series,
      latest,
      anchor: w.anchor === undefined ? latest : fromJson(w.anchor[s]!),
      run: w.run[s]!,
      runStartMs: w.timeMs + w.runStartOffsetMs[s]!,
      pushed: pushed === null || pushed === undefined ? undefined : fromJson(pushed),
    };
  });
  const backfillMs = typeof w.backfillMs === 'number' ? w.backfillMs : Number.NEGATIVE_INFINITY;
  const recording: unknown = w.recording ?? [];
  if (!Array.isArray(recording) || !recording.every(isObject)) {
    throw invalidSnapshot(`windows[${i}].recording is not a list`);
  }
  return {
    startMs: w.startMs ?? undefined,
    timeMs: w.timeMs,
    live: w.live === true,
    backfillMs,
    trackers,
    recording: recording as unknown as RecordingSnapshot[],
  };
}

/** The learned state, checked for shape (its samples are checked as they are loaded); absent in old snapshots. */
function decodeLearning(v: unknown): LearningSnapshot | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v) || typeof v.rng !== 'number' || !Array.isArray(v.sources)) {
    throw invalidSnapshot('learning has no rng or sources');
  }
  for (const s of v.sources as unknown[]) {
    if (!isObject(s) || typeof s.name !== 'string' || !isObject(s.rule) || !isObject(s.sample)) {
      throw invalidSnapshot('a learned source has no name, rule or sample');
    }
  }
  return v as unknown as LearningSnapshot;
}

function arrayField<T>(o: Record<string, unknown>, name: string): T[] {
  const v = o[name];
  if (!Array.isArray(v)) throw invalidSnapshot(`${name} is not a list`);
  return v as T[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
