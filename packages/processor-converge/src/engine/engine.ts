import type { Batch } from '@settle/core';
import { ColumnIngest } from './column-ingest.js';
import { R_FLUSH, R_TTL, type EmissionBuffer } from './emission-buffer.js';
import { Emitter } from './emitter.js';
import { Learning, type RuleChange } from './learning.js';
import type { History } from './history.js';
import type { SourceMeasurement } from './measurements.js';
import { resolveOptions, type EngineOptions, type ResolvedOptions } from './options.js';
import { SeriesResolver } from './series-resolver.js';
import { SeriesTable } from './series-table.js';
import { STALE } from './tracker-window.js';
import { encodeSnapshot, type ConvergeSnapshot } from './snapshot.js';
import { decodeSnapshot } from './snapshot-decode.js';
import { Stabiliser } from './stabiliser.js';
import { EMIT_REASONS, type Emission, type EngineStats, type ObservationColumns, type Origin } from './types.js';
import { ValueRule } from './value-rule.js';
import { WindowStore } from './window-store.js';

/**
 * The stabilisation engine: pure, synchronous, time passed in. One window per source bucket (WindowStore),
 * one tracker per series inside it (TrackerWindow columns, series interned in SeriesTable); the stability
 * rule (Stabiliser) decides what is pushed (Emitter). Pushed state is per tracker, so a window's neighbours
 * never hide a series from expiry, and nothing already pushed is pushed again unless it changed.
 *
 * A series absent from a poll (zero-count combinations are omitted, sampled datasets come and go) keeps its
 * tracker untouched: its last value stands, its run is neither advanced nor reset, and if it never returns the
 * window's expiry pushes that last value. No zero is invented for it.
 */
export class ConvergeEngine {
  readonly options: ResolvedOptions;
  private readonly series = new SeriesTable();
  private readonly resolver = new SeriesResolver(this.series);
  private readonly windows: WindowStore;
  private readonly emitter: Emitter;
  private readonly stabiliser: Stabiliser;
  private readonly columns: ColumnIngest;
  private readonly learning: Learning;
  private observations = 0;
  /** The latest `now` data was ingested at (saved: a restart measures its stop from it). */
  private observedThroughMs = Number.NEGATIVE_INFINITY;

  constructor(options: EngineOptions = {}) {
    this.options = resolveOptions(options);
    const values = new ValueRule(this.options.tolerance);
    this.windows = new WindowStore(this.options.ttlMs, values.tolerant);
    this.emitter = new Emitter(this.series, values, this.options.late);
    this.learning = new Learning(this.options, this.series, values);
    this.stabiliser = new Stabiliser(this.options, this.series, this.windows, this.emitter, values, this.learning);
    this.columns = new ColumnIngest(this.series, this.windows, this.stabiliser, this.emitter);
  }

  /** Feeds a batch (origin from `batch.meta.origin`); returns the points that became stable. */
  ingest(batch: Batch, now: number): Emission[] {
    return this.ingestBuffered(batch, now).toArray();
  }

  /**
   * `ingest` without materialising the emissions: returns the engine's emission buffer (columns, no object
   * per point), valid until the next call on this engine. The processor's path (batches are built from it).
   */
  ingestBuffered(batch: Batch, now: number): EmissionBuffer {
    const { emitter, stabiliser, windows } = this;
    emitter.out.reset();
    if (now > this.observedThroughMs) this.observedThroughMs = now;
    const backfill = batch.meta?.origin === 'backfill';
    const resolver = this.resolver.forResource(batch.resource);
    const dataset = batch.meta?.['cloudflare.dataset_id'];
    const sources = this.learning.sources;
    for (const metric of batch.metrics) {
      resolver.forMetric(metric.descriptor);
      this.learning.current = sources.code(typeof dataset === 'string' ? dataset : metric.descriptor.name);
      for (const p of metric.points) {
        const w = windows.windowFor(p.startMs, p.timeMs, backfill, now);
        if (w !== undefined) stabiliser.observe(w, resolver.resolve(p.attributes), p.value, now, backfill);
        else if (emitter.pushesLate) {
          const { key, info } = resolver.describe(p.attributes);
          emitter.late(key, info, p, p.value);
        } else emitter.countLate();
      }
      this.observations += metric.points.length;
    }
    this.learning.current = 0;
    return emitter.out;
  }

  /**
   * Observations as key-string columns (see ObservationColumns), through the same windows and trackers as
   * `ingest`. Returns the engine's emission buffer, valid until the next call on this engine.
   */
  ingestColumns(cols: ObservationColumns, now: number, origin: Origin = 'live'): EmissionBuffer {
    this.emitter.out.reset();
    if (now > this.observedThroughMs) this.observedThroughMs = now;
    this.columns.keys(cols, cols.series, now, origin === 'backfill');
    this.observations += cols.length;
    return this.emitter.out;
  }

  /**
   * Closes every window whose bucket ended `ttl` or more before `now` (see WindowStore.due for backfill-only
   * windows), pushing what never stabilised or drifted from what was pushed.
   */
  expire(now: number): Emission[] {
    return this.expireBuffered(now).toArray();
  }

  /** `expire` into the engine's emission buffer (see ingestBuffered). */
  expireBuffered(now: number): EmissionBuffer {
    this.emitter.out.reset();
    const due = this.windows.due(now);
    if (due.length > 0) this.stabiliser.close(due, R_TTL, now);
    return this.emitter.out;
  }

  /** Pushes every series whose latest value has not been pushed yet; windows stay open. */
  flush(): Emission[] {
    return this.flushBuffered().toArray();
  }

  /** `flush` into the engine's emission buffer (see ingestBuffered). */
  flushBuffered(): EmissionBuffer {
    const { emitter } = this;
    emitter.out.reset();
    for (const w of this.windows.sorted()) {
      for (let slot = 0; slot < w.size; slot++) if (emitter.unpushed(w, slot)) emitter.emit(w, slot, R_FLUSH);
    }
    return emitter.out;
  }

  stats(): EngineStats {
    const { emitter } = this;
    return {
      openWindows: this.windows.count,
      trackedSeries: this.stabiliser.trackers,
      internedSeries: this.series.size,
      observations: this.observations,
      emitted: Object.fromEntries(EMIT_REASONS.map((r, i) => [r, emitter.emitted[i]!])) as EngineStats['emitted'],
      revisions: emitter.revisions,
      latePoints: emitter.latePoints,
      evictedWindows: this.stabiliser.evictedWindows,
    };
  }

  /**
   * What the engine measured of itself, per source (a batch's `cloudflare.dataset_id`, else the metric name):
   * first-push exactness, revision rate, when values last changed, delay to the first push, the applied rule.
   */
  measurements(): SourceMeasurement[] {
    return this.learning.measurements();
  }

  /** The sampled histories of a source (oldest first), for evaluating rules outside the engine. */
  histories(source: string): History[] {
    return this.learning.sources.states.find((s) => s.name === source)?.sample.list() ?? [];
  }

  /** Changes of an applied rule since the last call, with their evidence (the shell logs them). */
  takeRuleChanges(): RuleChange[] {
    return this.learning.takeChanges();
  }

  /** All open state as plain JSON-serialisable data (see snapshot.ts for the format). */
  snapshot(): ConvergeSnapshot {
    return encodeSnapshot({
      windows: this.windows.sorted(),
      series: this.series,
      closed: this.windows.closedBuckets(),
      expiredThroughMs: this.windows.expiredThroughMs,
      observedThroughMs: this.observedThroughMs,
      learning: this.learning,
    });
  }

  /**
   * Loads a snapshot into this (empty) engine. Throws a SettleError when the snapshot is malformed.
   *
   * `now` (the restart's time): after a stop longer than `restartGraceMs` (from the last data ingested; a
   * shorter one resumes as if uninterrupted, the next polls reading on), every restored tracker whose latest
   * value was not pushed is marked stale: that value was last seen before the stop, and a replica (or the receiver's restart gap-fill) may have read the
   * final one meanwhile, so pushing it at the window's TTL (or at once, when the TTL passed while the process
   * was down) would stamp a stale value at the bucket's time, where a deduplicating backend keeps either. A
   * stale tracker is pushed once it is read again (by the usual rule; a backfill re-read at once); its window
   * waits for it until `ttl` after the restart, then pushes its last value, so nothing is lost, and its history
   * is not learned from. Without `now`, every window resumes as saved. Returns how many windows wait.
   */
  restore(snapshot: unknown, now?: number): number {
    if (this.windows.count > 0 || this.series.size > 0) throw new Error('restore() needs an empty engine');
    const state = decodeSnapshot(snapshot);
    if (state.expiredThroughMs !== undefined) this.windows.expiredThroughMs = state.expiredThroughMs;
    const observed = state.observedThroughMs ?? state.expiredThroughMs;
    if (observed !== undefined) this.observedThroughMs = observed;
    this.windows.restoreClosed(state.closed);
    if (state.learning !== undefined) this.learning.load(state.learning);
    const sids = state.series.map((s) => this.series.add(s.key, s.info));
    // Sources were saved in order (codes = index + 1); a snapshot without them resolves from the keys.
    state.series.forEach((s, i) => {
      if (s.source !== undefined) this.series.src[sids[i]!] = s.source + 1;
      else this.learning.codeOf(sids[i]!);
    });
    for (const sw of state.windows) {
      const w = this.windows.restore(sw, sw.live, sw.backfillMs, sw.trackers.length);
      for (const t of sw.trackers) {
        const sid = sids[t.series];
        if (sid === undefined) throw new Error(`snapshot tracker references unknown series ${t.series}`);
        this.stabiliser.restore(w, sid, t);
      }
      for (const r of sw.recording) this.learning.restoreRecording(w, r);
    }
    for (const sid of sids) this.series.releaseIfUnused(sid);
    if (now === undefined || now - this.observedThroughMs <= this.options.restartGraceMs) return 0;
    return this.markStale(now + this.options.ttlMs);
  }

  private markStale(untilMs: number): number {
    let waiting = 0;
    for (const w of this.windows.sorted()) {
      for (let slot = 0; slot < w.size; slot++) {
        if (!this.emitter.unpushed(w, slot)) continue;
        w.flags[slot]! |= STALE;
        w.stale++;
      }
      if (w.stale === 0) continue;
      w.staleUntilMs = untilMs;
      waiting++;
    }
    return waiting;
  }
}
