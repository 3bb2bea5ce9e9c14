import { R_BACKFILL, R_EVICTED, R_STABLE } from './emission-buffer.js';
import type { Emitter } from './emitter.js';
import { MAX_RUN, type ResolvedOptions } from './options.js';
import type { SeriesTable } from './series-table.js';
import { PUSHED, type RestoredTracker, type TrackerWindow } from './tracker-window.js';
import { near, sameValue, type ValueRule } from './value-rule.js';
import type { WindowStore } from './window-store.js';

/**
 * The stability rule and the trackers' lifecycle. A tracker fires when `threshold` consecutive observations
 * agree (and, for live data, the run spans `stable_for` and the bucket is `min_age` old); it is pushed again
 * only if it settles on a different value. Trackers are created on first sight, bounded by `max_series`
 * (the oldest windows are closed early to make room), and go when their window closes, pushing what was
 * never pushed. Every observation of every input path ends in `observe`, which allocates nothing.
 */
export class Stabiliser {
  /** Open trackers (series × windows). */
  trackers = 0;
  evictedWindows = 0;
  // Copies of the options read on every observation.
  private readonly threshold: number;
  private readonly backfillThreshold: number;
  private readonly stableForMs: number;
  private readonly minAgeMs: number;
  private readonly maxSeries: number;
  private readonly tolerant: boolean;
  private readonly tolerance: number;

  constructor(
    options: ResolvedOptions,
    private readonly series: SeriesTable,
    private readonly windows: WindowStore,
    private readonly emitter: Emitter,
    values: ValueRule,
  ) {
    this.threshold = options.threshold;
    this.backfillThreshold = options.backfillThreshold;
    this.stableForMs = options.stableForMs;
    this.minAgeMs = options.minAgeMs;
    this.maxSeries = options.maxSeries;
    this.tolerant = values.tolerant;
    this.tolerance = values.tolerance;
  }

  // Kept small (the first sight of a series and the push decision are separate methods) so that the compiler
  // inlines it into each input loop.
  observe(w: TrackerWindow, sid: number, v: number, now: number, backfill: boolean): void {
    const slot = sid < w.slotOf.length ? w.slotOf[sid]! - 1 : -1;
    if (slot < 0) {
      this.firstSight(w, sid, v, now, backfill);
      return;
    }
    const tolerant = this.tolerant;
    if (tolerant ? near(v, w.anchor![slot]!, this.tolerance) : sameValue(v, w.latest[slot]!)) {
      const r = w.run[slot]!;
      if (r < MAX_RUN) w.run[slot] = r + 1;
    } else {
      w.run[slot] = 1;
      w.runStart[slot] = now;
      if (tolerant) w.anchor![slot] = v;
    }
    w.latest[slot] = v;
    this.settle(w, slot, v, now, backfill);
  }

  /** Closes windows (oldest first): pushes what they hold unpushed, with `reason`, and frees their trackers. */
  close(windows: readonly TrackerWindow[], reason: number): void {
    const { emitter, series } = this;
    for (const w of windows) {
      for (let slot = 0; slot < w.size; slot++) {
        if (emitter.unpushed(w, slot)) emitter.emit(w, slot, reason);
        series.release(w.sid[slot]!);
      }
      this.trackers -= w.size;
    }
    this.windows.remove(windows);
  }

  /** A tracker with restored state (snapshot). */
  restore(w: TrackerWindow, sid: number, t: RestoredTracker): void {
    w.restore(sid, this.series.capacity, t);
    this.series.retain(sid);
    this.trackers++;
  }

  /** Pushes the tracker's value if its run is now stable and it was not pushed already. */
  private settle(w: TrackerWindow, slot: number, v: number, now: number, backfill: boolean): void {
    if (w.run[slot]! < (backfill ? this.backfillThreshold : this.threshold)) return;
    if ((w.flags[slot]! & PUSHED) !== 0) {
      const pushed = w.pushed[slot]!;
      if (this.tolerant ? near(v, pushed, this.tolerance) : sameValue(v, pushed)) return;
    }
    if (!backfill && (now - w.runStart[slot]! < this.stableForMs || now < w.timeMs + this.minAgeMs)) return;
    this.emitter.emit(w, slot, backfill ? R_BACKFILL : R_STABLE);
  }

  private firstSight(w: TrackerWindow, sid: number, v: number, now: number, backfill: boolean): void {
    // Held before evicting: closing the oldest window may release this series' last tracker elsewhere, and its
    // id must not be recycled under this observation.
    this.series.retain(sid);
    if (this.trackers >= this.maxSeries) this.evictOldest();
    if (w.closed) {
      // max_series closed this very window to make room: the observation is late.
      this.emitter.late(this.series.keyOf(sid), this.series.infoOf(sid), w, v);
      this.series.release(sid);
      return;
    }
    const slot = w.add(sid, v, now, this.series.capacity);
    this.trackers++;
    this.settle(w, slot, v, now, backfill);
  }

  /** `max_series` policy: close the oldest windows (force-pushing them) until there is room. */
  private evictOldest(): void {
    for (let w = this.windows.oldest(); w !== undefined && this.trackers >= this.maxSeries; w = this.windows.oldest()) {
      this.close([w], R_EVICTED);
      this.evictedWindows++;
    }
  }
}
