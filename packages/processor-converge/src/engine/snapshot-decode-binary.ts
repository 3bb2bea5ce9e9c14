import type { Attributes, MetricDescriptor } from '@settle/core';
import { SeriesKeyEncoder } from './series-key.js';
import { arrayField, decodeHead, isObject, recordingOf } from './snapshot-checks.js';
import { decodeFrame, type ColumnReader } from './snapshot-frame.js';
import { invalidSnapshot } from './snapshot-json.js';
import { SNAPSHOT_FORMAT_BINARY, type DecodedSeries, type DecodedState, type DecodedWindow } from './snapshot.js';
import { PUSHED, RECORDED, STALE } from './tracker-window.js';

const KNOWN_FLAGS = PUSHED | RECORDED | STALE;

/**
 * Checks and decodes a binary checkpoint (settle.converge/2; layout in snapshot.ts and snapshot-frame.ts). The
 * frame's CRC catches damage anywhere; the checks after it catch a well-formed file that does not make sense
 * (series ids out of range or repeated in a window, unknown flags), each as a SettleError saying what.
 */
export function decodeBinarySnapshot(input: Uint8Array): DecodedState {
  const { header, body } = decodeFrame(input);
  if (!isObject(header) || header.format !== SNAPSHOT_FORMAT_BINARY) {
    throw invalidSnapshot(`header format is not "${SNAPSHOT_FORMAT_BINARY}"`);
  }
  const seriesBytes = count(header.seriesBytes, 'seriesBytes');
  const capacity = count(header.seriesCapacity, 'seriesCapacity');
  const table = body.take(Uint8Array, seriesBytes, 'the series table');
  const src = body.take(Uint8Array, capacity, 'the series sources');
  const series = decodeSeries(table, src);
  const windows = arrayField<unknown>(header, 'windows').map((w, i) => decodeWindow(w, i, body, series));
  body.end();
  return { ...decodeHead(header), series, windows, attached: header.attached };
}

function decodeSeries(table: Uint8Array, src: Uint8Array): (DecodedSeries | undefined)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(table.buffer, table.byteOffset, table.byteLength).toString('utf8'));
  } catch (err) {
    throw invalidSnapshot(`the series table is not JSON (${(err as Error).message})`);
  }
  if (!isObject(parsed)) throw invalidSnapshot('the series table is not an object');
  const descriptors = arrayField<MetricDescriptor>(parsed, 'descriptors');
  const resources = arrayField<Attributes>(parsed, 'resources');
  const entries = arrayField<unknown>(parsed, 'series');
  if (entries.length !== src.length) {
    throw invalidSnapshot(`the series table has ${entries.length} ids, the sources ${src.length}`);
  }
  const keys = new SeriesKeyEncoder();
  return entries.map((e, id): DecodedSeries | undefined => {
    const source = src[id]! === 0 ? undefined : src[id]! - 1;
    if (e === null) return undefined;
    if (typeof e === 'string') return { key: e, info: undefined, source };
    const [d, r, attributes] = Array.isArray(e) ? (e as unknown[]) : [];
    const descriptor = typeof d === 'number' ? descriptors[d] : undefined;
    const resource = typeof r === 'number' ? resources[r] : undefined;
    if (!isObject(descriptor) || typeof descriptor.name !== 'string' || !isObject(resource) || !isObject(attributes)) {
      throw invalidSnapshot(`series id ${id} refers to a missing descriptor, resource or attributes`);
    }
    // The key ingestion builds for this series (the same encoder), so new data finds the restored tracker.
    const attrs = attributes as Attributes;
    const key = keys.forResource(resource).forMetric(descriptor.name).key(attrs);
    return {
      key,
      info: { descriptor, resource, attributes: attrs },
      source,
    };
  });
}

function decodeWindow(
  w: unknown,
  i: number,
  body: ColumnReader,
  series: readonly (DecodedSeries | undefined)[],
): DecodedWindow {
  if (!isObject(w) || typeof w.timeMs !== 'number') throw invalidSnapshot(`windows[${i}] has no timeMs`);
  if (w.startMs !== null && typeof w.startMs !== 'number')
    throw invalidSnapshot(`windows[${i}].startMs is not a number`);
  if (w.backfillMs !== null && typeof w.backfillMs !== 'number') {
    throw invalidSnapshot(`windows[${i}].backfillMs is not a number`);
  }
  const n = count(w.size, `windows[${i}].size`);
  const what = (column: string): string => `windows[${i}].${column}`;
  const sid = body.take(Int32Array, n, what('series'));
  const latest = body.take(Float64Array, n, what('latest'));
  const runStartOffsetMs = body.take(Int32Array, n, what('runStart'));
  const pushed = body.take(Float64Array, n, what('pushed'));
  const run = body.take(Uint16Array, n, what('run'));
  const flags = body.take(Uint8Array, n, what('flags'));
  const anchor = w.anchor === true ? body.take(Float64Array, n, what('anchor')) : latest;
  const seen = new Set<number>();
  for (let s = 0; s < n; s++) {
    const id = sid[s]!;
    if (series[id] === undefined)
      throw invalidSnapshot(`${what('series')} refers to series id ${id}, which is not saved`);
    if (seen.size === seen.add(id).size) throw invalidSnapshot(`${what('series')} holds series id ${id} twice`);
    if ((flags[s]! & ~KNOWN_FLAGS) !== 0) throw invalidSnapshot(`${what('flags')} holds unknown flags ${flags[s]}`);
  }
  const isPushed = flags.map((f) => f & PUSHED);
  return {
    startMs: w.startMs ?? undefined,
    timeMs: w.timeMs,
    live: w.live === true,
    backfillMs: w.backfillMs ?? Number.NEGATIVE_INFINITY,
    size: n,
    series: sid,
    latest,
    anchor,
    run,
    runStartOffsetMs,
    pushed,
    isPushed,
    recording: recordingOf(w, i),
  };
}

function count(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw invalidSnapshot(`${name} is not a count`);
  return v;
}
