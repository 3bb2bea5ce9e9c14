import type { Batch } from '@settle/core';
import { ClosedBuckets } from './closed-buckets.js';
import {
  EmissionBuffer,
  R_BACKFILL,
  R_EVICTED,
  R_FLUSH,
  R_LATE,
  R_REVISION,
  R_STABLE,
  R_TTL,
} from './emission-buffer.js';
import { MAX_RUN, resolveOptions, type EngineOptions, type ResolvedOptions } from './options.js';
import { SeriesResolver } from './series-resolver.js';
import { SeriesTable } from './series-table.js';
import { decodeSnapshot, encodeSnapshot, type ConvergeSnapshot } from './snapshot.js';
import { PUSHED, TrackerWindow, windowId } from './tracker-window.js';
import {
  EMIT_REASONS,
  type BucketRef,
  type Emission,
  type EngineStats,
  type ObservationColumns,
  type Origin,
  type SeriesInfo,
} from './types.js';

/**
 * The stabilisation engine: pure, synchronous, time passed in. One window per source bucket, one tracker per
 * series inside it; a tracker fires when `threshold` consecutive observations agree (and, for live data, the
 * run spans `stable_for` and the bucket is `min_age` old). Pushed state is per tracker, so a window's
 * neighbours never hide a series from expiry, and nothing already pushed is pushed again unless it changed.
 *
 * A series absent from a poll (zero-count combinations are omitted, sampled datasets come and go) keeps its
 * tracker untouched: its last value stands, its run is neither advanced nor reset, and if it never returns the
 * window's expiry pushes that last value. No zero is invented for it.
 */
export class ConvergeEngine {
  readonly options: ResolvedOptions;
  private readonly series = new SeriesTable();
  private readonly byTime = new Map<number, TrackerWindow>();
  private open: TrackerWindow[] = [];
  private readonly closed = new ClosedBuckets();
  private expiredThroughMs = Number.NEGATIVE_INFINITY;
  private trackers = 0;
  private readonly out = new EmissionBuffer();
  private cache: TrackerWindow | undefined;
  private readonly resolver = new SeriesResolver(this.series);
  // Copies of the options read on every observation.
  private readonly threshold: number;
  private readonly backfillThreshold: number;
  private readonly stableForMs: number;
  private readonly minAgeMs: number;
  private readonly tolerance: number;
  private readonly tolerant: boolean;
  private observations = 0;
  private revisions = 0;
  private latePoints = 0;
  private evictedWindows = 0;
  private readonly emitted = new Float64Array(EMIT_REASONS.length);

  constructor(options: EngineOptions = {}) {
    this.options = resolveOptions(options);
    this.threshold = this.options.threshold;
    this.backfillThreshold = this.options.backfillThreshold;
    this.stableForMs = this.options.stableForMs;
    this.minAgeMs = this.options.minAgeMs;
    this.tolerance = this.options.tolerance;
    this.tolerant = this.tolerance > 0;
  }

  /** Feeds a batch (origin from `batch.meta.origin`); returns the points that became stable. */
  ingest(batch: Batch, now: number): Emission[] {
    this.out.reset();
    const backfill = batch.meta?.origin === 'backfill';
    const resolver = this.resolver.forResource(batch.resource);
    for (const metric of batch.metrics) {
      resolver.forMetric(metric.descriptor);
      for (const p of metric.points) {
        const w = this.windowFor(p.startMs, p.timeMs, backfill, now);
        if (w !== undefined) this.observe(w, resolver.resolve(p.attributes), p.value, now, backfill);
        else if (this.options.late === 'push') {
          const { key, info } = resolver.describe(p.attributes);
          this.late(key, info, p, p.value);
        } else this.latePoints++;
      }
      this.observations += metric.points.length;
    }
    return this.out.toArray();
  }

  /**
   * Interns a series key and pins its id, for `ingestColumns` callers that know their series ahead: the id
   * stays valid (is not recycled when its windows close) until `unpin(id)`.
   */
  intern(key: string, info?: SeriesInfo): number {
    const id = this.series.intern(key, info);
    this.series.retain(id);
    return id;
  }

  unpin(id: number): void {
    if (this.series.has(id)) this.series.release(id);
  }

  /**
   * The allocation-free path: observations in columns (see ObservationColumns). Returns the engine's
   * emission buffer, valid until the next call on this engine.
   */
  ingestColumns(cols: ObservationColumns, now: number, origin: Origin = 'live'): EmissionBuffer {
    this.out.reset();
    const { series } = cols;
    if (series instanceof Int32Array) this.observeIds(cols, series, now, origin === 'backfill');
    else this.observeKeys(cols, series, now, origin === 'backfill');
    this.observations += cols.length;
    return this.out;
  }

  private observeIds(cols: ObservationColumns, series: Int32Array, now: number, backfill: boolean): void {
    const { bucket, values, buckets } = cols;
    const resolved = new Array<TrackerWindow | null | undefined>(buckets.length);
    const n = cols.length;
    for (let i = 0; i < n; i++) {
      const b = bucket[i]!;
      let w = resolved[b];
      if (w === undefined || (w !== null && w.closed)) {
        const ref = bucketAt(buckets, b);
        w = this.windowFor(ref.startMs, ref.timeMs, backfill, now) ?? null;
        resolved[b] = w;
      }
      const sid = series[i]!;
      if (w === null) this.lateId(sid, bucketAt(buckets, b), values[i]!);
      else this.observe(w, sid, values[i]!, now, backfill);
    }
  }

  private observeKeys(cols: ObservationColumns, series: readonly string[], now: number, backfill: boolean): void {
    const { bucket, values, buckets } = cols;
    const table = this.series;
    const resolved = new Array<TrackerWindow | null | undefined>(buckets.length);
    const n = cols.length;
    for (let i = 0; i < n; i++) {
      const b = bucket[i]!;
      let w = resolved[b];
      if (w === undefined || (w !== null && w.closed)) {
        const ref = bucketAt(buckets, b);
        w = this.windowFor(ref.startMs, ref.timeMs, backfill, now) ?? null;
        resolved[b] = w;
      }
      const key = series[i]!;
      if (w === null) {
        this.lateKey(key, bucketAt(buckets, b), values[i]!);
        continue;
      }
      let sid = table.idOf(key);
      if (sid === undefined) sid = table.add(key, undefined);
      this.observe(w, sid, values[i]!, now, backfill);
    }
  }

  /**
   * Closes every window whose bucket ended `ttl` or more before `now`, pushing what never stabilised. A window
   * that only ever saw backfill closes `ttl` after its last backfill observation instead (its bucket is old by
   * nature): a backfill chunk split over several batches must land in one window, or be pushed twice.
   */
  expire(now: number): Emission[] {
    this.out.reset();
    if (now > this.expiredThroughMs) this.expiredThroughMs = now;
    const ttl = this.options.ttlMs;
    const due = this.open.filter((w) => (w.live ? w.timeMs : Math.max(w.timeMs, w.backfillMs)) + ttl <= now);
    if (due.length > 0) {
      for (const w of due.sort(byBucket)) this.close(w, R_TTL);
      this.open = this.open.filter((w) => !w.closed);
    }
    return this.out.toArray();
  }

  /** Pushes every series whose latest value has not been pushed yet; windows stay open. */
  flush(): Emission[] {
    this.out.reset();
    for (const w of [...this.open].sort(byBucket)) {
      for (let slot = 0; slot < w.size; slot++) if (this.unpushed(w, slot)) this.emit(w, slot, R_FLUSH);
    }
    return this.out.toArray();
  }

  stats(): EngineStats {
    return {
      openWindows: this.open.length,
      trackedSeries: this.trackers,
      internedSeries: this.series.size,
      observations: this.observations,
      emitted: Object.fromEntries(EMIT_REASONS.map((r, i) => [r, this.emitted[i]!])) as EngineStats['emitted'],
      revisions: this.revisions,
      latePoints: this.latePoints,
      evictedWindows: this.evictedWindows,
    };
  }

  /** All open state as plain JSON-serialisable data (see snapshot.ts for the format). */
  snapshot(): ConvergeSnapshot {
    return encodeSnapshot({
      windows: [...this.open].sort(byBucket),
      series: this.series,
      closed: this.closed.list(),
      expiredThroughMs: this.expiredThroughMs,
    });
  }

  /** Loads a snapshot into this (empty) engine. Throws a SettleError when the snapshot is malformed. */
  restore(snapshot: unknown): void {
    if (this.open.length > 0 || this.series.size > 0) throw new Error('restore() needs an empty engine');
    const state = decodeSnapshot(snapshot);
    if (state.expiredThroughMs !== undefined) this.expiredThroughMs = state.expiredThroughMs;
    for (const id of state.closed) this.closed.add(id);
    const sids = state.series.map((s) => this.series.add(s.key, s.info));
    for (const sw of state.windows) {
      const w = this.openWindow(sw.startMs, sw.timeMs, sw.trackers.length);
      w.live = sw.live;
      w.backfillMs = sw.backfillMs;
      for (const t of sw.trackers) {
        const sid = sids[t.series];
        if (sid === undefined) throw new Error(`snapshot tracker references unknown series ${t.series}`);
        w.restore(sid, this.series.capacity, t);
        this.series.retain(sid);
        this.trackers++;
      }
    }
    for (const sid of sids) this.series.releaseIfUnused(sid);
  }

  private observe(w: TrackerWindow, sid: number, v: number, now: number, backfill: boolean): void {
    let slot = sid < w.slotOf.length ? w.slotOf[sid]! - 1 : -1;
    if (slot < 0) {
      slot = this.addTracker(w, sid, v, now);
      if (slot < 0) {
        this.late(this.series.keyOf(sid), this.series.infoOf(sid), w, v);
        this.series.releaseIfUnused(sid);
        return;
      }
    } else {
      const same = this.tolerant ? this.near(v, w.anchor![slot]!) : sameValue(v, w.latest[slot]!);
      if (same) {
        const r = w.run[slot]!;
        if (r < MAX_RUN) w.run[slot] = r + 1;
      } else {
        w.run[slot] = 1;
        w.runStart[slot] = now;
        if (this.tolerant) w.anchor![slot] = v;
      }
      w.latest[slot] = v;
    }
    const run = w.run[slot]!;
    if (run < (backfill ? this.backfillThreshold : this.threshold)) return;
    if ((w.flags[slot]! & PUSHED) !== 0 && this.equal(v, w.pushed[slot]!)) return;
    if (!backfill && (now - w.runStart[slot]! < this.stableForMs || now < w.timeMs + this.minAgeMs)) return;
    this.emit(w, slot, backfill ? R_BACKFILL : R_STABLE);
  }

  private addTracker(w: TrackerWindow, sid: number, v: number, now: number): number {
    if (this.trackers >= this.options.maxSeries) {
      this.evictOldest();
      if (w.closed) return -1;
    }
    const slot = w.add(sid, v, now, this.series.capacity);
    this.series.retain(sid);
    this.trackers++;
    return slot;
  }

  /** `max_series` policy: close the oldest windows (force-pushing them) until there is room. */
  private evictOldest(): void {
    while (this.trackers >= this.options.maxSeries && this.open.length > 0) {
      const oldest = this.open.reduce((a, b) => (byBucket(b, a) < 0 ? b : a));
      this.close(oldest, R_EVICTED);
      this.open = this.open.filter((w) => w !== oldest);
      this.evictedWindows++;
    }
  }

  private windowFor(
    startMs: number | undefined,
    timeMs: number,
    backfill: boolean,
    now: number,
  ): TrackerWindow | undefined {
    let w = this.cache;
    if (w === undefined || w.timeMs !== timeMs || w.startMs !== startMs || w.closed) {
      w = this.byTime.get(timeMs);
      while (w !== undefined && w.startMs !== startMs) w = w.sameTime;
      if (w === undefined) {
        if (this.isClosed(startMs, timeMs, backfill)) return undefined;
        w = this.openWindow(startMs, timeMs, this.capacityHint());
      }
      this.cache = w;
    }
    if (backfill) {
      if (now > w.backfillMs) w.backfillMs = now;
    } else if (!w.live) {
      // Opened by backfill for a bucket whose live window would already have closed: live data is late here.
      if (w.timeMs + this.options.ttlMs <= this.expiredThroughMs) return undefined;
      w.live = true;
    }
    return w;
  }

  private isClosed(startMs: number | undefined, timeMs: number, backfill: boolean): boolean {
    if (!backfill && timeMs + this.options.ttlMs <= this.expiredThroughMs) return true;
    return this.closed.has(windowId(startMs, timeMs));
  }

  private openWindow(startMs: number | undefined, timeMs: number, capacity: number): TrackerWindow {
    const w = new TrackerWindow(startMs, timeMs, capacity, this.tolerant);
    w.sameTime = this.byTime.get(timeMs);
    this.byTime.set(timeMs, w);
    this.open.push(w);
    return w;
  }

  /** New windows start as large as the largest open one: buckets of one source hold similar series. */
  private capacityHint(): number {
    let hint = 0;
    for (const w of this.open) if (w.size > hint) hint = w.size;
    return hint;
  }

  private close(w: TrackerWindow, reason: number): void {
    for (let slot = 0; slot < w.size; slot++) {
      if (this.unpushed(w, slot)) this.emit(w, slot, reason);
      this.series.release(w.sid[slot]!);
    }
    this.trackers -= w.size;
    w.closed = true;
    this.unlink(w);
    this.closed.add(w.id);
    if (this.cache === w) this.cache = undefined;
  }

  private unlink(w: TrackerWindow): void {
    const head = this.byTime.get(w.timeMs);
    if (head === w) {
      if (w.sameTime === undefined) this.byTime.delete(w.timeMs);
      else this.byTime.set(w.timeMs, w.sameTime);
      return;
    }
    for (let prev = head; prev !== undefined; prev = prev.sameTime) {
      if (prev.sameTime === w) {
        prev.sameTime = w.sameTime;
        return;
      }
    }
  }

  /** Never pushed, or drifted from what was pushed (closing the window must not lose the newer value). */
  private unpushed(w: TrackerWindow, slot: number): boolean {
    return (w.flags[slot]! & PUSHED) === 0 || !this.equal(w.latest[slot]!, w.pushed[slot]!);
  }

  private emit(w: TrackerWindow, slot: number, reason: number): void {
    const flags = w.flags[slot]!;
    const revision = (flags & PUSHED) !== 0;
    const value = w.latest[slot]!;
    w.flags[slot] = flags | PUSHED;
    w.pushed[slot] = value;
    const code = revision && (reason === R_STABLE || reason === R_BACKFILL) ? R_REVISION : reason;
    if (revision) this.revisions++;
    this.emitted[code]!++;
    const sid = w.sid[slot]!;
    this.out.push(this.series.keyOf(sid), this.series.infoOf(sid), w, value, code, revision);
  }

  private late(key: string, info: SeriesInfo | undefined, bucket: BucketRef, value: number): void {
    this.latePoints++;
    if (this.options.late !== 'push') return;
    this.emitted[R_LATE]!++;
    this.out.push(key, info, bucket, value, R_LATE, false);
  }

  private lateId(sid: number, bucket: BucketRef, value: number): void {
    if (this.options.late === 'push') this.late(this.series.keyOf(sid), this.series.infoOf(sid), bucket, value);
    else this.latePoints++;
  }

  /** Late observation from the columnar path: the series info is looked up only when it will be pushed. */
  private lateKey(key: string, bucket: BucketRef, value: number): void {
    if (this.options.late === 'push') this.late(key, this.series.infoByKey(key), bucket, value);
    else this.latePoints++;
  }

  private equal(a: number, b: number): boolean {
    return this.tolerant ? this.near(a, b) : sameValue(a, b);
  }

  /** Relative tolerance: |a − b| ≤ tolerance × max(|a|, |b|). */
  private near(a: number, b: number): boolean {
    return sameValue(a, b) || Math.abs(a - b) <= this.tolerance * Math.max(Math.abs(a), Math.abs(b));
  }
}

/** Identical values, NaN included (a NaN that keeps coming back is as stable as any number). */
function sameValue(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

function byBucket(a: TrackerWindow, b: TrackerWindow): number {
  return a.timeMs - b.timeMs || (a.startMs ?? a.timeMs) - (b.startMs ?? b.timeMs);
}

function bucketAt(buckets: readonly BucketRef[], i: number): BucketRef {
  const ref = buckets[i];
  if (ref === undefined) throw new RangeError(`observation refers to bucket ${i}, but only ${buckets.length} exist`);
  return ref;
}
