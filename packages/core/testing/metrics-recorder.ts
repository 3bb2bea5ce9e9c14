import type { Attributes, Meter } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

class ManualReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** A real OpenTelemetry meter whose instruments can be read back: for tests of self-telemetry. */
export interface MetricsRecorder {
  readonly meter: Meter;
  /**
   * Sum of a counter (or the count of a histogram, or the last values of a gauge) over the data points whose
   * attributes include `attributes`.
   */
  value(name: string, attributes?: Attributes): Promise<number>;
  /** Everything recorded so far, as the SDK collects it: for assertions on what must never appear in it. */
  snapshot(): Promise<ResourceMetrics>;
}

export function createMetricsRecorder(): MetricsRecorder {
  const reader = new ManualReader();
  const provider = new MeterProvider({ readers: [reader] });
  const meter = provider.getMeter('settle-test');
  return {
    meter,
    async snapshot() {
      return (await reader.collect()).resourceMetrics;
    },
    async value(name, attributes = {}) {
      const { resourceMetrics } = await reader.collect();
      let total = 0;
      for (const scope of resourceMetrics.scopeMetrics)
        for (const metric of scope.metrics) {
          if (metric.descriptor.name !== name) continue;
          for (const dp of metric.dataPoints) {
            if (!matches(dp.attributes, attributes)) continue;
            const v: unknown = dp.value;
            total += typeof v === 'number' ? v : ((v as { count?: number }).count ?? 0);
          }
        }
      return total;
    },
  };
}

function matches(actual: Attributes, wanted: Attributes): boolean {
  return Object.entries(wanted).every(([k, v]) => actual[k] === v);
}
