import type { Attributes, Counter, Histogram, Meter, ObservableGauge, ObservableResult } from '@opentelemetry/api';
import type { DropReason } from './types.js';

/** The exporter's self-telemetry, named after the Collector's exporterhelper metrics. */
export class ExporterTelemetry {
  private readonly attrs: Attributes;
  private readonly sent: Counter;
  private readonly failed: Counter;
  private readonly dropped: Counter;
  private readonly retries: Counter;
  private readonly resent: Counter;
  private readonly resendEvicted: Counter;
  private readonly deduplicated: Counter;
  private readonly corrupt: Counter;
  private readonly duration: Histogram;
  private readonly gauges: ObservableGauge[];
  private readonly observe: (r: ObservableResult) => void;
  private readonly observeCapacity: (r: ObservableResult) => void;

  constructor(meter: Meter, exporterId: string, queueSize: () => number, capacity: number) {
    this.attrs = { exporter: exporterId };
    const point = { unit: '{point}' };
    this.sent = meter.createCounter('settle_exporter_sent_points', {
      ...point,
      description: 'Points the backend accepted.',
    });
    this.failed = meter.createCounter('settle_exporter_send_failed_points', {
      ...point,
      description: 'Points that could not be delivered (permanent error or retries exhausted).',
    });
    this.dropped = meter.createCounter('settle_exporter_dropped_points', {
      ...point,
      description: 'Points dropped, by reason.',
    });
    this.resent = meter.createCounter('settle_exporter_resent_points', {
      ...point,
      description: 'Points sent again because the backend may have lost them after acknowledging them.',
    });
    this.resendEvicted = meter.createCounter('settle_exporter_resend_evicted_points', {
      ...point,
      description: 'Acknowledged points that left the re-send window early (resend_max_points): no longer re-sendable.',
    });
    this.deduplicated = meter.createCounter('settle_exporter_deduplicated_points', {
      ...point,
      description: 'Points offered again by their producer (same handoff identity) and not queued twice.',
    });
    this.retries = meter.createCounter('settle_exporter_retries', {
      unit: '{retry}',
      description: 'Requests retried after a transient failure.',
    });
    this.corrupt = meter.createCounter('settle_exporter_queue_corrupt_records', {
      unit: '{record}',
      description: 'Damaged records skipped while replaying the persistent queue.',
    });
    this.duration = meter.createHistogram('settle_exporter_request_duration', {
      unit: 's',
      description: 'Duration of one send attempt.',
    });
    const size = meter.createObservableGauge('settle_exporter_queue_size', {
      unit: '{batch}',
      description: 'Batches waiting in the sending queue.',
    });
    const cap = meter.createObservableGauge('settle_exporter_queue_capacity', {
      unit: '{batch}',
      description: 'Capacity of the sending queue.',
    });
    this.observe = (r) => r.observe(queueSize(), this.attrs);
    this.observeCapacity = (r) => r.observe(capacity, this.attrs);
    size.addCallback(this.observe);
    cap.addCallback(this.observeCapacity);
    this.gauges = [size, cap];
  }

  recordSent(points: number): void {
    if (points > 0) this.sent.add(points, this.attrs);
  }

  recordFailed(points: number, reason: DropReason): void {
    this.failed.add(points, this.attrs);
    this.recordDropped(points, reason);
  }

  recordDropped(points: number, reason: DropReason): void {
    if (points > 0) this.dropped.add(points, { ...this.attrs, reason });
  }

  recordResent(points: number): void {
    if (points > 0) this.resent.add(points, this.attrs);
  }

  recordResendEvicted(points: number): void {
    if (points > 0) this.resendEvicted.add(points, this.attrs);
  }

  recordDeduplicated(points: number): void {
    if (points > 0) this.deduplicated.add(points, this.attrs);
  }

  recordRetry(): void {
    this.retries.add(1, this.attrs);
  }

  recordCorrupt(records: number): void {
    if (records > 0) this.corrupt.add(records, this.attrs);
  }

  recordDuration(ms: number, outcome: 'success' | 'failure'): void {
    this.duration.record(ms / 1000, { ...this.attrs, outcome });
  }

  close(): void {
    this.gauges[0]?.removeCallback(this.observe);
    this.gauges[1]?.removeCallback(this.observeCapacity);
  }
}
