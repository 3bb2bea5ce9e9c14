import type { Attributes, MetricDescriptor } from '@settle/core';
import { arrayField, decodeHead, isObject, recordingOf } from './snapshot-checks.js';
import { fromJson, invalidSnapshot } from './snapshot-json.js';
import type { DecodedState, DecodedWindow, SnapshotSeries, SnapshotWindow } from './snapshot.js';

/**
 * Checks and decodes a checkpoint of the older JSON format (settle.converge/1, ConvergeSnapshot), which
 * versions before the binary one wrote: they still restore.
 */
export function decodeJsonSnapshot(input: Record<string, unknown>): DecodedState {
  const descriptors = arrayField<MetricDescriptor>(input, 'descriptors');
  const resources = arrayField<Attributes>(input, 'resources');
  const series = arrayField<SnapshotSeries>(input, 'series').map((s, i) => decodeSeries(s, i, descriptors, resources));
  const windows = arrayField<SnapshotWindow>(input, 'windows').map((w, i) => decodeWindow(w, i, series.length));
  return { ...decodeHead(input), series, windows, attached: undefined };
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

function decodeWindow(w: SnapshotWindow, i: number, seriesCount: number): DecodedWindow {
  if (!isObject(w) || typeof w.timeMs !== 'number') throw invalidSnapshot(`windows[${i}] has no timeMs`);
  if (!Array.isArray(w.series)) throw invalidSnapshot(`windows[${i}] has no series column`);
  const n = w.series.length;
  const columns = [w.latest, w.run, w.runStartOffsetMs, w.pushed, ...(w.anchor === undefined ? [] : [w.anchor])];
  if (!columns.every((c) => Array.isArray(c) && c.length === n)) {
    throw invalidSnapshot(`windows[${i}] has columns of different lengths`);
  }
  w.series.forEach((series, s) => {
    if (!Number.isInteger(series) || series < 0 || series >= seriesCount) {
      throw invalidSnapshot(`windows[${i}] refers to series ${series}, but only ${seriesCount} exist`);
    }
    if (!Number.isInteger(w.run[s]) || !Number.isInteger(w.runStartOffsetMs[s])) {
      throw invalidSnapshot(`windows[${i}] has a run that is not a whole number`);
    }
  });
  const latest = w.latest.map(fromJson);
  const pushed = w.pushed.map((p) => (p === null ? 0 : fromJson(p)));
  return {
    startMs: w.startMs ?? undefined,
    timeMs: w.timeMs,
    live: w.live === true,
    backfillMs: typeof w.backfillMs === 'number' ? w.backfillMs : Number.NEGATIVE_INFINITY,
    size: n,
    series: w.series,
    latest,
    anchor: w.anchor === undefined ? latest : w.anchor.map(fromJson),
    run: w.run,
    runStartOffsetMs: w.runStartOffsetMs,
    pushed,
    isPushed: w.pushed.map((p) => p !== null && p !== undefined),
    recording: recordingOf(w, i),
  };
}
