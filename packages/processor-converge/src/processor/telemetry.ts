import type {
  Attributes as OtelAttributes,
  Counter,
  Histogram,
  Meter,
  ObservableGauge,
  ObservableResult,
} from '@opentelemetry/api';
import type { ConvergeEngine } from '../engine/engine.js';
import type { Emission } from '../engine/types.js';

/** Seconds from a bucket's end to its emission: up to the default TTL and beyond, for backfill. */
const DELAY_BUCKETS = [5, 10, 15, 30, 45, 60, 90, 120, 180, 240, 300, 450, 600, 900, 1800, 3600, 7200, 86400];

/** The processor's self-telemetry (`settle_converge_*`), labelled with the processor id. */
export class ConvergeTelemetry {
  private readonly emitted: Counter;
  private readonly late: Counter;
  private readonly revisions: Counter;
  private readonly evicted: Counter;
  private readonly dropped: Counter;
  private readonly delay: Histogram;
  private readonly openWindows: ObservableGauge;
  private readonly tracked: ObservableGauge;
  private readonly observeWindows: (r: ObservableResult) => void;
  private readonly observeTracked: (r: ObservableResult) => void;
  private lastLate = 0;
  private lastEvicted = 0;

  constructor(
    meter: Meter,
    private readonly engine: ConvergeEngine,
    private readonly attrs: OtelAttributes,
  ) {
    this.emitted = meter.createCounter('settle_converge_emitted_points', {
      description: 'Points pushed downstream, by reason (stable, backfill, revision, ttl, flush, evicted, late)',
    });
    this.late = meter.createCounter('settle_converge_late_points', {
      description: 'Observations for a bucket whose window had already closed',
    });
    this.revisions = meter.createCounter('settle_converge_revisions', {
      description: 'Points pushed again for a bucket with a different value than pushed before',
    });
    this.evicted = meter.createCounter('settle_converge_evicted_windows', {
      description: 'Windows closed early because max_series was reached',
    });
    this.dropped = meter.createCounter('settle_converge_dropped_points', {
      description: 'Emitted points downstream refused permanently, or that overflowed the retry buffer',
    });
    this.delay = meter.createHistogram('settle_converge_emit_delay', {
      description: "Time from a bucket's end to the emission of its point",
      unit: 's',
      advice: { explicitBucketBoundaries: DELAY_BUCKETS },
    });
    this.openWindows = meter.createObservableGauge('settle_converge_open_windows', {
      description: 'Open windows (source buckets still tracked)',
    });
    this.tracked = meter.createObservableGauge('settle_converge_tracked_series', {
      description: 'Open trackers (series × open buckets)',
    });
    this.observeWindows = (r) => r.observe(this.engine.stats().openWindows, this.attrs);
    this.observeTracked = (r) => r.observe(this.engine.stats().trackedSeries, this.attrs);
    this.openWindows.addCallback(this.observeWindows);
    this.tracked.addCallback(this.observeTracked);
  }

  /** Records what one engine call emitted, at `now`, and the engine's late and eviction counts since last time. */
  record(emissions: readonly Emission[], now: number): void {
    const byReason = new Map<string, number>();
    let revisions = 0;
    for (const e of emissions) {
      byReason.set(e.reason, (byReason.get(e.reason) ?? 0) + 1);
      if (e.revision) revisions++;
      this.delay.record(Math.max(0, (now - e.timeMs) / 1000), { ...this.attrs, reason: e.reason });
    }
    for (const [reason, n] of byReason) this.emitted.add(n, { ...this.attrs, reason });
    if (revisions > 0) this.revisions.add(revisions, this.attrs);
    const stats = this.engine.stats();
    if (stats.latePoints > this.lastLate) this.late.add(stats.latePoints - this.lastLate, this.attrs);
    if (stats.evictedWindows > this.lastEvicted) this.evicted.add(stats.evictedWindows - this.lastEvicted, this.attrs);
    this.lastLate = stats.latePoints;
    this.lastEvicted = stats.evictedWindows;
  }

  droppedPoints(n: number): void {
    if (n > 0) this.dropped.add(n, this.attrs);
  }

  close(): void {
    this.openWindows.removeCallback(this.observeWindows);
    this.tracked.removeCallback(this.observeTracked);
  }
}
