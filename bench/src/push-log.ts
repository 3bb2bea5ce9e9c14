import type { Attributes } from '@settle/core';
import { seriesIdentity } from './point-id.js';

/**
 * Numbers every per-minute point of one scenario (series identity + bucket start), once for all strategies, so
 * each strategy's log is a few typed arrays indexed by point instead of a map of strings: 60 strategies over
 * 75,000 points cost ~130 MB this way, several times that as objects. The series level is looked up first by
 * the series string itself (the engines hand back the same string instances, whose hash V8 caches).
 */
export class PointIds {
  private readonly bySeries = new Map<string, Map<number, number>>();
  /** Bucket end of each point (its delay is measured from there). */
  readonly bucketEndMs: number[] = [];
  readonly bucketStartMs: number[] = [];
  readonly series: string[] = [];

  get size(): number {
    return this.series.length;
  }

  find(series: string, startMs: number): number | undefined {
    return this.bySeries.get(series)?.get(startMs);
  }

  intern(series: string, startMs: number, bucketEndMs: number): number {
    let starts = this.bySeries.get(series);
    if (starts === undefined) this.bySeries.set(series, (starts = new Map<number, number>()));
    let id = starts.get(startMs);
    if (id === undefined) {
      id = this.series.length;
      starts.set(startMs, id);
      this.series.push(series);
      this.bucketStartMs.push(startMs);
      this.bucketEndMs.push(bucketEndMs);
    }
    return id;
  }

  /** The id of a point as a query reply describes it (metric name + attributes, `account` left out). */
  internPoint(metric: string, attributes: Attributes, startMs: number, bucketEndMs: number): number {
    return this.intern(seriesIdentity(metric, attributes), startMs, bucketEndMs);
  }
}

/** What one strategy pushed for one point: the first value (what a dashboard showed first) and the last. */
export interface PushRecord {
  readonly firstValue: number;
  readonly firstAtMs: number;
  /** True when the first push was forced (window expiry, shutdown), not a stable value. */
  readonly forced: boolean;
  readonly lastValue: number;
  readonly pushes: number;
}

/** Every push of one strategy, by point id. */
export class PushLog {
  private capacity = 0;
  private first = new Float64Array(0);
  private firstAt = new Float64Array(0);
  private last = new Float64Array(0);
  private pushes = new Uint32Array(0);
  private forced = new Uint8Array(0);

  constructor(readonly ids: PointIds) {}

  record(id: number, value: number, atMs: number, forced = false): void {
    if (id >= this.capacity) this.grow(id);
    if (this.pushes[id] === 0) {
      this.first[id] = value;
      this.firstAt[id] = atMs;
      this.forced[id] = forced ? 1 : 0;
    }
    this.last[id] = value;
    this.pushes[id]!++;
  }

  get(id: number): PushRecord | undefined {
    if (id >= this.capacity || this.pushes[id] === 0) return undefined;
    return {
      firstValue: this.first[id]!,
      firstAtMs: this.firstAt[id]!,
      forced: this.forced[id] === 1,
      lastValue: this.last[id]!,
      pushes: this.pushes[id]!,
    };
  }

  private grow(id: number): void {
    const capacity = Math.max(1024, this.capacity * 2, id + 1);
    const copy = <T extends Float64Array | Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.first = copy(this.first, (n) => new Float64Array(n));
    this.firstAt = copy(this.firstAt, (n) => new Float64Array(n));
    this.last = copy(this.last, (n) => new Float64Array(n));
    this.pushes = copy(this.pushes, (n) => new Uint32Array(n));
    this.forced = copy(this.forced, (n) => new Uint8Array(n));
    this.capacity = capacity;
  }
}
