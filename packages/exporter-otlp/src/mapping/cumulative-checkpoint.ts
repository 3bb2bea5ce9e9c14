import type { Storage } from '@settle/core';
import type { CumulativeEngine, SeriesTotal } from './cumulative-engine.js';

const PREFIX = 'cumulative/';
const FORMAT = 1;

/** `[key, start, exact, emitted, last, [[bucketTime, value], ...]]`: compact, since it is rewritten often. */
type SeriesRow = [string, number, number, number, number, [number, number][]];

interface MetricCheckpoint {
  readonly format: typeof FORMAT;
  readonly newest: number;
  readonly series: SeriesRow[];
}

/**
 * Running totals live in the component's storage, one key per metric, so a restart continues every counter
 * from where it stopped (same start time, same total) instead of resetting it.
 */
export async function loadTotals(storage: Storage, engine: CumulativeEngine): Promise<number> {
  let series = 0;
  for (const key of await storage.keys()) {
    if (!key.startsWith(PREFIX)) continue;
    const raw = await storage.get(key);
    if (raw === undefined) continue;
    const cp = JSON.parse(raw) as MetricCheckpoint;
    if (cp.format !== FORMAT) throw new Error(`checkpoint ${key} has unknown format ${String(cp.format)}`);
    const map = new Map<string, SeriesTotal>();
    for (const [k, start, exact, emitted, last, buckets] of cp.series) {
      map.set(k, { start, exact, emitted, last, buckets: new Map(buckets) });
    }
    engine.restore(key.slice(PREFIX.length), map, cp.newest);
    series += map.size;
  }
  return series;
}

/** Writes the state of the given metrics (each write is atomic: see FileStorage). */
export async function saveTotals(storage: Storage, engine: CumulativeEngine, names: Iterable<string>): Promise<void> {
  for (const name of names) {
    const rows: SeriesRow[] = [];
    for (const [k, s] of engine.series(name)) rows.push([k, s.start, s.exact, s.emitted, s.last, [...s.buckets]]);
    const cp: MetricCheckpoint = { format: FORMAT, newest: engine.newestTime(), series: rows };
    if (rows.length === 0) await storage.delete(PREFIX + name);
    else await storage.set(PREFIX + name, JSON.stringify(cp));
  }
}
