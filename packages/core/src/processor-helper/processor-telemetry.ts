import type { Attributes, Counter, Meter, ObservableGauge, ObservableResult } from '@opentelemetry/api';

/**
 * What only the processor itself knows. Incoming and outgoing points are counted by the service around every
 * processor (settle_processor_incoming_points / outgoing_points, service/pipeline-metrics.ts), so not here.
 */
export class ProcessorTelemetry {
  private readonly attrs: Attributes;
  private readonly dropped: Counter;
  private readonly gauge: ObservableGauge;
  private readonly observe: (r: ObservableResult) => void;

  constructor(meter: Meter, processorId: string, retainedPoints: () => number) {
    this.attrs = { processor: processorId };
    this.dropped = meter.createCounter('settle_processor_dropped_points', {
      unit: '{point}',
      description: 'Points a processor dropped, by reason (refused downstream, retained_full, or its own)',
    });
    this.gauge = meter.createObservableGauge('settle_processor_retained_points', {
      unit: '{point}',
      description: 'Output refused downstream with a retryable error, kept to be offered again',
    });
    this.observe = (r) => r.observe(retainedPoints(), this.attrs);
    this.gauge.addCallback(this.observe);
  }

  recordDropped(points: number, reason: string): void {
    if (points > 0) this.dropped.add(points, { ...this.attrs, reason });
  }

  close(): void {
    this.gauge.removeCallback(this.observe);
  }
}
