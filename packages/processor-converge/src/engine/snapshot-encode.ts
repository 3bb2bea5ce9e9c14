import type { Attributes, MetricDescriptor } from '@settle/core';
import { encodeRecording } from './learning-snapshot.js';
import type { SeriesTable } from './series-table.js';
import { encodeFrame, type Column } from './snapshot-frame.js';
import { SNAPSHOT_FORMAT_BINARY, type BinaryHeader, type BinarySeries, type EngineState } from './snapshot.js';

/**
 * Encodes the engine's state as a binary checkpoint (settle.converge/2, see snapshot.ts and snapshot-frame.ts):
 * each window's tracker columns are copied as they are, so a million trackers cost a few memcpys, not a million
 * JSON values. The series table (descriptors, resources, attributes) is re-encoded only when it changed since
 * the previous checkpoint (SeriesTable.version); a series' source code goes as a column, as it may be resolved
 * later without the table changing.
 */
export class SnapshotEncoder {
  private version = -1;
  private table: Buffer = Buffer.alloc(0);

  encode(state: EngineState, attached: unknown): Buffer {
    const { series } = state;
    if (series.version !== this.version || this.table.length === 0) {
      this.table = Buffer.from(JSON.stringify(encodeSeries(series)), 'utf8');
      this.version = series.version;
    }
    const columns: Column[] = [this.table, series.src.subarray(0, series.capacity)];
    const windows = state.windows.map((w): BinaryHeader['windows'][number] => {
      const n = w.size;
      columns.push(
        w.sid.subarray(0, n),
        w.latest.subarray(0, n),
        w.runStart.subarray(0, n),
        w.pushed.subarray(0, n),
        w.run.subarray(0, n),
        w.flags.subarray(0, n),
      );
      if (w.anchor !== undefined) columns.push(w.anchor.subarray(0, n));
      const recording =
        w.recording === undefined
          ? undefined
          : [...w.recording].map(([slot, b]) => encodeRecording(slot, b, b.source - 1));
      return {
        startMs: w.startMs ?? null,
        timeMs: w.timeMs,
        live: w.live,
        backfillMs: Number.isFinite(w.backfillMs) ? w.backfillMs : null,
        size: n,
        anchor: w.anchor !== undefined,
        ...(recording === undefined ? {} : { recording }),
      };
    });
    const header: BinaryHeader = {
      format: SNAPSHOT_FORMAT_BINARY,
      expiredThroughMs: Number.isFinite(state.expiredThroughMs) ? state.expiredThroughMs : null,
      observedThroughMs: Number.isFinite(state.observedThroughMs) ? state.observedThroughMs : null,
      closed: state.closed,
      seriesBytes: this.table.length,
      seriesCapacity: series.capacity,
      windows,
      learning: state.learning.snapshot(),
      ...(attached === undefined ? {} : { attached }),
    };
    return encodeFrame(header, columns);
  }
}

/**
 * The series table by id (null: a free id). A series with info is stored without its key, which restore
 * rebuilds from the info exactly as ingestion does (SeriesKeyEncoder); one without info (met only through
 * `ingestColumns`) is its key.
 */
function encodeSeries(table: SeriesTable): BinarySeries {
  const descriptors = new Indexer<MetricDescriptor>();
  const resources = new Indexer<Attributes>();
  const series: BinarySeries['series'][number][] = [];
  for (let id = 0; id < table.capacity; id++) {
    const key = table.keyAt(id);
    const info = key === undefined ? undefined : table.infoOf(id);
    if (key === undefined) series.push(null);
    else if (info === undefined) series.push(key);
    else series.push([descriptors.indexOf(info.descriptor), resources.indexOf(info.resource), info.attributes]);
  }
  return { descriptors: descriptors.items, resources: resources.items, series };
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
