import type { Emitter } from './emitter.js';
import type { SeriesTable } from './series-table.js';
import type { Stabiliser } from './stabiliser.js';
import type { TrackerWindow } from './tracker-window.js';
import type { BucketRef, ObservationColumns } from './types.js';
import type { WindowStore } from './window-store.js';

/**
 * The columnar input path (see ObservationColumns): key strings, allocating nothing per observation; the
 * window is found once per run of one bucket, the series by guess (its predecessor's successor) or lookup.
 */
export class ColumnIngest {
  constructor(
    private readonly series: SeriesTable,
    private readonly windows: WindowStore,
    private readonly stabiliser: Stabiliser,
    private readonly emitter: Emitter,
  ) {}

  keys(cols: ObservationColumns, series: readonly string[], now: number, backfill: boolean): void {
    const { values } = cols;
    const { stabiliser, emitter, series: table } = this;
    this.runs(cols, now, backfill, (w, ref, from, to) => {
      let i = from;
      if (w === null) for (; i < to; i++) emitter.lateKey(series[i]!, ref, values[i]!);
      else {
        // The series after the previous one last time is tried first (SeriesTable.successor), then the table.
        let prev = -1;
        for (; i < to && !w.closed; i++) {
          const key = series[i]!;
          const guess = prev < 0 ? -1 : table.successor(prev);
          let sid = guess;
          if (guess < 0 || table.keyAt(guess) !== key) {
            sid = table.idOf(key) ?? table.add(key, undefined);
            if (prev >= 0) table.link(prev, sid);
          }
          stabiliser.observe(w, sid, values[i]!, now, backfill);
          prev = sid;
        }
      }
      return i;
    });
  }

  /**
   * Splits the observations into runs of one bucket and calls `each` with the run's window (null: the bucket
   * is closed, its data is late). Windows are looked up once per call and bucket index, and again if one
   * closed under a run (`max_series` eviction): `each` returns where it stopped, and the rest of the run is
   * handed over again with what the bucket resolves to now.
   */
  private runs(cols: ObservationColumns, now: number, backfill: boolean, each: RunHandler): void {
    const { bucket, buckets } = cols;
    const resolved = new Array<TrackerWindow | null | undefined>(buckets.length);
    const n = cols.length;
    for (let i = 0; i < n;) {
      const b = bucket[i]!;
      let to = i + 1;
      while (to < n && bucket[to] === b) to++;
      const ref = bucketAt(buckets, b);
      let w = resolved[b];
      if (w === undefined || (w !== null && w.closed)) {
        w = this.windows.windowFor(ref.startMs, ref.timeMs, backfill, now) ?? null;
        resolved[b] = w;
      }
      i = each(w, ref, i, to);
    }
  }
}

/** Observes `from` up to `to` (one bucket) in `w` and returns where it stopped. */
type RunHandler = (w: TrackerWindow | null, ref: BucketRef, from: number, to: number) => number;

function bucketAt(buckets: readonly BucketRef[], i: number): BucketRef {
  const ref = buckets[i];
  if (ref === undefined) throw new RangeError(`observation refers to bucket ${i}, but only ${buckets.length} exist`);
  return ref;
}
