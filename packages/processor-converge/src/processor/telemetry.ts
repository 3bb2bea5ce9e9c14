import type {
  Attributes as OtelAttributes,
  Counter,
  Histogram,
  Meter,
  ObservableGauge,
  ObservableResult,
} from '@opentelemetry/api';
import type { Logger } from '@settle/core';
import type { ConvergeEngine } from '../engine/engine.js';
import type { RuleChange } from '../engine/learning.js';
import { describeRule } from '../engine/push-rule.js';
import type { EmissionBuffer } from '../engine/emission-buffer.js';
import { EMIT_REASONS, type EngineStats } from '../engine/types.js';
import { LearningGauges } from './learning-gauges.js';

/** Seconds from a bucket's end to its emission: up to the default TTL and beyond, for backfill. */
const DELAY_BUCKETS = [5, 10, 15, 30, 45, 60, 90, 120, 180, 240, 300, 450, 600, 900, 1800, 3600, 7200, 86400];

/** Gauges read from the engine's stats when the meter collects. */
const GAUGES: readonly (readonly [string, string, (s: EngineStats) => number])[] = [
  ['settle_converge_open_windows', 'Open windows (source buckets still tracked)', (s) => s.openWindows],
  ['settle_converge_tracked_series', 'Open trackers (series × open buckets)', (s) => s.trackedSeries],
];

/** The processor's self-telemetry (`settle_converge_*`), labelled with the processor id. */
export class ConvergeTelemetry {
  private readonly emitted: Counter;
  private readonly late: Counter;
  private readonly revisions: Counter;
  private readonly evicted: Counter;
  private readonly delay: Histogram;
  private readonly gauges: { gauge: ObservableGauge; observe: (r: ObservableResult) => void }[];
  private readonly ruleChangeCount: Counter;
  private readonly learning: LearningGauges;
  /** The processor's attributes with each `reason`, by reason code (built once, not per point). */
  private readonly byReason: OtelAttributes[];
  private lastLate = 0;
  private lastEvicted = 0;

  constructor(
    meter: Meter,
    private readonly engine: ConvergeEngine,
    private readonly attrs: OtelAttributes,
  ) {
    this.byReason = EMIT_REASONS.map((reason) => ({ ...attrs, reason }));
    const counter = (name: string, description: string): Counter => meter.createCounter(name, { description });
    this.emitted = counter(
      'settle_converge_emitted_points',
      'Points pushed downstream, by reason (stable, backfill, revision, ttl, flush, evicted, late)',
    );
    this.late = counter('settle_converge_late_points', 'Observations for a bucket whose window had already closed');
    this.revisions = counter(
      'settle_converge_revisions',
      'Points pushed again for a bucket with a different value than pushed before',
    );
    this.evicted = counter('settle_converge_evicted_windows', 'Windows closed early because max_series was reached');
    this.delay = meter.createHistogram('settle_converge_emit_delay', {
      description: "Time from a bucket's end to the emission of its point",
      unit: 's',
      advice: { explicitBucketBoundaries: DELAY_BUCKETS },
    });
    this.ruleChangeCount = counter(
      'settle_converge_rule_changes',
      'Changes of the push rule applied to a source (learned from its measured histories), by source',
    );
    this.learning = new LearningGauges(meter, engine, attrs);
    this.gauges = GAUGES.map(([name, description, read]) => {
      const gauge = meter.createObservableGauge(name, { description });
      const observe = (r: ObservableResult): void => r.observe(read(this.engine.stats()), this.attrs);
      gauge.addCallback(observe);
      return { gauge, observe };
    });
  }

  /** Records what one engine call emitted, at `now`, and the engine's late and eviction counts since last time. */
  record(out: EmissionBuffer, now: number): void {
    const byReason = new Array<number>(EMIT_REASONS.length).fill(0);
    let revisions = 0;
    for (let i = 0; i < out.length; i++) {
      const code = out.code(i);
      byReason[code]!++;
      if (out.revision(i)) revisions++;
      this.delay.record(Math.max(0, (now - out.bucket(i).timeMs) / 1000), this.byReason[code]);
    }
    byReason.forEach((n, code) => {
      if (n > 0) this.emitted.add(n, this.byReason[code]);
    });
    if (revisions > 0) this.revisions.add(revisions, this.attrs);
    const stats = this.engine.stats();
    if (stats.latePoints > this.lastLate) this.late.add(stats.latePoints - this.lastLate, this.attrs);
    if (stats.evictedWindows > this.lastEvicted) this.evicted.add(stats.evictedWindows - this.lastEvicted, this.attrs);
    this.lastLate = stats.latePoints;
    this.lastEvicted = stats.evictedWindows;
  }

  /** Logs each change of a source's applied rule at info, with its evidence, and counts it. */
  ruleChanges(changes: readonly RuleChange[], logger: Logger): void {
    for (const c of changes) {
      const e = c.evidence;
      logger.info(
        {
          source: c.source,
          from: describeRule(c.from),
          to: describeRule(c.to),
          n: e?.n,
          exactness: e?.exactness,
          lowerBound: e?.lowerBound,
          meanDelaySeconds: e === undefined ? undefined : Math.round(e.meanDelayMs / 1000),
          p50DelaySeconds: e === undefined ? undefined : Math.round(e.p50DelayMs / 1000),
          meetsTarget: c.meetsTarget,
        },
        c.meetsTarget
          ? 'converge push rule learned'
          : 'converge push rule: no candidate meets the target, using the most exact',
      );
      this.ruleChangeCount.add(1, { ...this.attrs, source: c.source });
    }
  }

  close(): void {
    for (const { gauge, observe } of this.gauges) gauge.removeCallback(observe);
    this.learning.close();
  }
}
