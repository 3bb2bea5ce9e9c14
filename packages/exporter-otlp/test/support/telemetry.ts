import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { Meter } from '@opentelemetry/api';

class ManualReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A real SDK meter whose counters the test can read back. */
export class TelemetryProbe {
  private readonly reader = new ManualReader();
  readonly meter: Meter;

  constructor() {
    this.meter = new MeterProvider({ readers: [this.reader] }).getMeter('probe');
  }

  /** The sum of a counter's points whose attributes include `where`. */
  async counter(name: string, where: Record<string, string> = {}): Promise<number> {
    const { resourceMetrics } = await this.reader.collect();
    let total = 0;
    for (const scope of resourceMetrics.scopeMetrics)
      for (const m of scope.metrics) {
        if (m.descriptor.name !== name) continue;
        for (const p of m.dataPoints) {
          const attrs = p.attributes;
          if (Object.entries(where).every(([k, v]) => attrs[k] === v)) total += p.value as number;
        }
      }
    return total;
  }
}
