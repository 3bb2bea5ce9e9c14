import type { Counter, Meter } from '@opentelemetry/api';

/**
 * What only the receiver knows. Accepted and refused points are counted by the service around every receiver
 * (settle_receiver_accepted_points / refused_points, service/pipeline-metrics.ts), so not here.
 */
export class ReceiverTelemetry {
  private readonly errors: Counter;

  constructor(
    meter: Meter,
    private readonly receiverId: string,
  ) {
    this.errors = meter.createCounter('settle_receiver_collect_errors', {
      unit: '{error}',
      description: 'Collections of a polling receiver that failed, by lane',
    });
  }

  recordError(lane: string): void {
    this.errors.add(1, { receiver: this.receiverId, lane });
  }
}
