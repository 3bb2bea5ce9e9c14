import type { Counter, Histogram, Meter } from '@opentelemetry/api';

/** Seconds; spans sub-second polls up to several poll intervals, so "within 30 s" is a bucket edge. */
const DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 20, 30, 45, 60, 120, 300];

/**
 * What only the receiver knows. Accepted and refused points are counted by the service around every receiver
 * (settle_receiver_accepted_points / refused_points, service/pipeline-metrics.ts), so not here. Durations and
 * overruns tell whether a lane keeps up with its interval (one instance's capacity, bench/README "Scale").
 */
export class ReceiverTelemetry {
  private readonly errors: Counter;
  private readonly duration: Histogram;
  private readonly overruns: Counter;

  constructor(
    meter: Meter,
    private readonly receiverId: string,
  ) {
    this.errors = meter.createCounter('settle_receiver_collect_errors', {
      unit: '{error}',
      description: 'Collections of a polling receiver that failed, by lane',
    });
    this.duration = meter.createHistogram('settle_receiver_collect_duration', {
      unit: 's',
      description: 'Duration of one collection of a polling receiver (clock time, emitting included), by lane',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
    this.overruns = meter.createCounter('settle_receiver_collect_overruns', {
      unit: '{collection}',
      description: "Collections that ended after the lane's next one was due (the lane fell behind), by lane",
    });
  }

  recordError(lane: string): void {
    this.errors.add(1, { receiver: this.receiverId, lane });
  }

  recordCollection(lane: string, durationMs: number, overran: boolean): void {
    const attributes = { receiver: this.receiverId, lane };
    this.duration.record(durationMs / 1000, attributes);
    if (overran) this.overruns.add(1, attributes);
  }
}
