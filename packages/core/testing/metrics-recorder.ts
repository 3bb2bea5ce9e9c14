import type { Attributes, Meter } from '@opentelemetry/api';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { TelemetryReader } from '../src/service/telemetry-reader.js';

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

/** Core's on-demand reader (the one `settle demo` uses) with a meter of its provider. */
export function createMetricsRecorder(): MetricsRecorder {
  const reader = new TelemetryReader();
  return {
    meter: reader.provider.getMeter('settle-test'),
    snapshot: async () => (await reader.read()).collected,
    value: async (name, attributes = {}) => (await reader.read()).value(name, attributes),
  };
}
