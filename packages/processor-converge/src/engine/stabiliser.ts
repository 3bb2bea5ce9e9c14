import { R_BACKFILL, R_EVICTED, R_STABLE, R_TTL } from './emission-buffer.js';
import type { Emitter } from './emitter.js';
import type { Learning } from './learning.js';
import { MAX_RUN, type ResolvedOptions } from './options.js';
import type { SeriesTable } from './series-table.js';
import { PUSHED, RECORDED, STALE, runOffset, type RestoredTracker, type TrackerWindow } from './tracker-window.js';
import { near, sameValue, type ValueRule } from './value-rule.js';
import type { WindowStore } from './window-store.js';

/**
 * The stability rule and the trackers' lifecycle. A tracker fires when its source's push rule holds (live:
 * `threshold` consecutive observations agree, the run spans `stable_for` (+ slope × the bucket's age when it
 * started) and the bucket is `min_age` old — fixed, or learned per source by Learning; backfill:
 * `backfill_threshold` observations); it is pushed again only if it settles on a different value. Trackers are created on first sight, bounded by `max_series`
 * (the oldest windows are closed early to make room), and go when their window closes, pushing what was
 * never pushed. Every observation of every input path ends in `observe`, which allocates nothing.
 */
export class Stabiliser {
  /** Open trackers (series × windows). */
  trackers = 0;
  evictedWindows = 0;
  // Copies of the options read on every observation; the live rule's columns are by source code.
  private readonly backfillThreshold: number;
  private readonly maxSeries: number;
  private readonly tolerant: boolean;
  private readonly tolerance: number;

  constructor(
    options: ResolvedOptions,
    private readonly series: SeriesTable,
    private readonly windows: WindowStore,
    private readonly emitter: Emitter,
    values: ValueRule,
    private readonly learning: Learning,
  ) {
    this.backfillThreshold = options.backfillThreshold;
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
    if ((w.flags[slot]! & STALE) !== 0) {
      // Read again after a restart: its window need not wait for it any more.
      w.flags[slot]! &= ~STALE;
      w.stale--;
    }
    const tolerant = this.tolerant;
    const same = tolerant ? near(v, w.anchor![slot]!, this.tolerance) : sameValue(v, w.latest[slot]!);
    if (same) {
      const r = w.run[slot]!;
      if (r < MAX_RUN) w.run[slot] = r + 1;
    } else {
      w.run[slot] = 1;
      w.runStart[slot] = runOffset(now, w.timeMs);
      if (tolerant) w.anchor![slot] = v;
    }
    w.latest[slot] = v;
    if ((w.flags[slot]! & RECORDED) !== 0 && !backfill) this.learning.observed(w, slot, v, now, !same);
    this.settle(w, slot, v, now, backfill);
  }

  /**
   * Closes windows (oldest first) at `now`: pushes what they hold unpushed, with `reason`, hands their recorded
   * histories to Learning (which may then choose new rules), and frees their trackers.
   */
  close(windows: readonly TrackerWindow[], reason: number, now: number): void {
    const { emitter, series, learning } = this;
    for (const w of windows) {
      for (let slot = 0; slot < w.size; slot++) {
        if (emitter.unpushed(w, slot)) {
          emitter.emit(w, slot, reason);
          learning.pushed(w, slot, now);
        }
      }
      learning.windowClosed(w, now, reason);
      for (let slot = 0; slot < w.size; slot++) series.release(w.sid[slot]!);
      this.trackers -= w.size;
    }
    this.windows.remove(windows);
    if (reason === R_TTL) learning.relearn(now);
  }

  /** A tracker with restored state (snapshot). */
  restore(w: TrackerWindow, sid: number, t: RestoredTracker): void {
    w.restore(sid, this.series.capacity, t);
    this.series.retain(sid);
    this.trackers++;
  }

  /** Pushes the tracker's value if its run is now stable and it was not pushed already. */
  private settle(w: TrackerWindow, slot: number, v: number, now: number, backfill: boolean): void {
    // Already pushed with this value: the commonest exit once a bucket has settled, so tested first.
    if ((w.flags[slot]! & PUSHED) !== 0) {
      const pushed = w.pushed[slot]!;
      if (this.tolerant ? near(v, pushed, this.tolerance) : sameValue(v, pushed)) return;
    }
    const rules = this.learning.sources;
    // Every series' source is resolved on its first tracker (firstSight) or on restore.
    const c = backfill ? 0 : this.series.src[w.sid[slot]!]!;
    if (w.run[slot]! < (backfill ? this.backfillThreshold : rules.threshold[c]!)) return;
    if (!backfill) {
      const age0 = w.runStart[slot]!;
      const start = w.timeMs + age0;
      const span = rules.stableForMs[c]! + (age0 > 0 ? rules.slope[c]! * age0 : 0);
      if (now - start < span || now < w.timeMs + rules.minAgeMs[c]!) return;
    }
    this.emitter.emit(w, slot, backfill ? R_BACKFILL : R_STABLE);
    if (!backfill) this.learning.pushed(w, slot, now);
  }

  private firstSight(w: TrackerWindow, sid: number, v: number, now: number, backfill: boolean): void {
    // Held before evicting: closing the oldest window may release this series' last tracker elsewhere, and its
    // id must not be recycled under this observation.
    this.series.retain(sid);
    if (this.trackers >= this.maxSeries) this.evictOldest(now);
    if (w.closed) {
      // max_series closed this very window to make room: the observation is late.
      this.emitter.late(this.series.keyOf(sid), this.series.infoOf(sid), w, v);
      this.series.release(sid);
      return;
    }
    const slot = w.add(sid, v, now, this.series.capacity);
    this.trackers++;
    if (backfill) this.learning.codeOf(sid);
    else this.learning.opened(w, slot, sid, v, now);
    this.settle(w, slot, v, now, backfill);
  }

  /** `max_series` policy: close the oldest windows (force-pushing them) until there is room. */
  private evictOldest(now: number): void {
    for (let w = this.windows.oldest(); w !== undefined && this.trackers >= this.maxSeries; w = this.windows.oldest()) {
      this.close([w], R_EVICTED, now);
      this.evictedWindows++;
    }
  }
}
