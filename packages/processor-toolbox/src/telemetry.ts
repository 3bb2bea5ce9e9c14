import type { Counter, Meter } from '@opentelemetry/api';

/**
 * `settle_processor_filtered_points{processor, reason}`: points a processor left out on purpose, as configured.
 * Kept apart from `settle_processor_dropped_points` (refusals, overflow), which says data was lost.
 */
export class FilteredCounter {
  private readonly counter: Counter;

  constructor(
    meter: Meter,
    private readonly processor: string,
  ) {
    this.counter = meter.createCounter('settle_processor_filtered_points', {
      unit: '{point}',
      description: 'Points a processor left out as its config asks, by reason',
    });
  }

  add(points: number, reason: string): void {
    if (points > 0) this.counter.add(points, { processor: this.processor, reason });
  }
}
