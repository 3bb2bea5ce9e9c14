import { seriesKey, type Batch, type DataPoint, type Metric } from '@settle/core';
import { isDeltaSum, isMonotonic, mergeResource } from './export-shape.js';

/** One series' running total. Times are the source's bucket-end times (epoch ms), never the export time. */
export interface SeriesTotal {
  /** Start of the counter: the first bucket's start. Kept across restarts so backends see no reset. */
  start: number;
  /** The true sum of every bucket value seen, revisions included (may dip when a bucket is revised down). */
  exact: number;
  /** The last value sent; never decreases for monotonic sums. */
  emitted: number;
  /** Time of the last point sent. */
  last: number;
  /** Values seen per bucket time within the revision window, to turn a revision into a difference. */
  buckets: Map<number, number>;
}

export interface CumulativeOptions {
  /** How far behind the newest bucket a bucket is remembered (and can be revised). */
  readonly revisionWindowMs: number;
  /** Series without a bucket for this long are forgotten; if they return, they start a new counter. */
  readonly seriesTtlMs: number;
}

export interface CumulativeResult {
  readonly batch: Batch;
  /** Metric names whose state changed (what the shell must checkpoint). */
  readonly touched: ReadonlySet<string>;
  /** Points for buckets older than the revision window of a known series: neither new nor a known revision. */
  readonly dropped: number;
}

/**
 * Turns per-bucket (delta) sums into cumulative sums with per-series running totals. Pure: no clock, no I/O.
 *
 * A bucket newer than the series' last point adds its value and emits the new total at its own time.
 * A bucket at or before the last point (a revision, or a late bucket) changes the total by the difference
 * to what that bucket contributed before, but emits nothing at the old time: the correction shows up in the
 * series' next point. Emitting at the old time could make the counter decrease between that point and the
 * next; re-emitting at the last time would give one timestamp two values. For monotonic sums the emitted
 * value is max(previous emitted, exact), so a downward revision stalls the counter until it catches up.
 */
export class CumulativeEngine {
  private readonly metrics = new Map<string, Map<string, SeriesTotal>>();
  private newest = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: CumulativeOptions) {}

  apply(batch: Batch, extraResource: Batch['resource']): CumulativeResult {
    const resource = mergeResource(batch.resource, extraResource);
    for (const m of batch.metrics) if (isDeltaSum(m.descriptor)) for (const p of m.points) this.see(p.timeMs);
    const touched = new Set<string>();
    let dropped = 0;
    const metrics: Metric[] = [];
    for (const m of batch.metrics) {
      if (!isDeltaSum(m.descriptor)) {
        metrics.push(m);
        continue;
      }
      touched.add(m.descriptor.name);
      const out = this.applyMetric(m, resource);
      dropped += out.dropped;
      if (out.points.length > 0) {
        const descriptor = {
          ...m.descriptor,
          temporality: 'cumulative' as const,
          monotonic: isMonotonic(m.descriptor),
        };
        metrics.push({ descriptor, points: out.points });
      }
    }
    for (const name of touched) this.prune(name);
    const result = batch.meta === undefined ? { resource, metrics } : { resource, metrics, meta: batch.meta };
    return { batch: result, touched, dropped };
  }

  /** The state of one metric, for checkpoints. */
  series(name: string): ReadonlyMap<string, Readonly<SeriesTotal>> {
    return this.metrics.get(name) ?? new Map();
  }

  names(): string[] {
    return [...this.metrics.keys()];
  }

  newestTime(): number {
    return this.newest;
  }

  restore(name: string, series: Map<string, SeriesTotal>, newest: number): void {
    this.metrics.set(name, series);
    this.see(newest);
  }

  private see(timeMs: number): void {
    if (timeMs > this.newest) this.newest = timeMs;
  }

  private applyMetric(metric: Metric, resource: Batch['resource']): { points: DataPoint[]; dropped: number } {
    const name = metric.descriptor.name;
    const monotonic = isMonotonic(metric.descriptor);
    let state = this.metrics.get(name);
    if (state === undefined) {
      state = new Map<string, SeriesTotal>();
      this.metrics.set(name, state);
    }
    // Within a batch, apply each series' buckets oldest first so a batch holding several buckets emits them all.
    const ordered = metric.points.map((p, i) => ({ p, i })).sort((a, b) => a.p.timeMs - b.p.timeMs || a.i - b.i);
    const horizon = this.newest - this.options.revisionWindowMs;
    const points: DataPoint[] = [];
    let dropped = 0;
    for (const { p } of ordered) {
      const key = seriesKey('', p.attributes, resource);
      let s = state.get(key);
      if (s === undefined) {
        s = { start: p.startMs ?? p.timeMs, exact: 0, emitted: 0, last: Number.NEGATIVE_INFINITY, buckets: new Map() };
        state.set(key, s);
      } else if (p.timeMs < horizon && !s.buckets.has(p.timeMs)) {
        // Forgotten already: adding it could count it twice, ignoring it could miss it. Missing is the
        // failure a counter survives (it never inflates), so drop and let the shell report it.
        dropped++;
        continue;
      }
      const before = s.buckets.get(p.timeMs) ?? 0;
      s.buckets.set(p.timeMs, p.value);
      s.exact += p.value - before;
      if (p.timeMs > s.last) {
        s.emitted = monotonic ? Math.max(s.emitted, s.exact) : s.exact;
        s.last = p.timeMs;
        points.push({ attributes: p.attributes, startMs: s.start, timeMs: p.timeMs, value: s.emitted });
      }
    }
    return { points, dropped };
  }

  private prune(name: string): void {
    const state = this.metrics.get(name);
    if (state === undefined) return;
    const horizon = this.newest - this.options.revisionWindowMs;
    const forget = this.newest - this.options.seriesTtlMs;
    for (const [key, s] of state) {
      if (s.last < forget) {
        state.delete(key);
        continue;
      }
      for (const t of s.buckets.keys()) if (t < horizon) s.buckets.delete(t);
    }
  }
}
