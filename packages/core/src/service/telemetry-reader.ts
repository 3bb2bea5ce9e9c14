import {
  DataPointType,
  MeterProvider,
  MetricReader,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

type Attrs = Readonly<Record<string, unknown>>;

/** One series of a metric as collected: its attributes and its value. */
export interface TelemetryObservation {
  readonly attributes: Attrs;
  readonly value: number;
}

/** Pull only: read when asked, nothing exported. */
class OnDemandReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }

  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * An OpenTelemetry SDK MeterProvider read in process, on demand: handed to the service
 * (ServiceOptions.meterProvider) it shows the components' own telemetry without an HTTP scrape (`settle demo`
 * reads queries, open windows, revisions, points sent and converge's self-measurement this way, also after the
 * service has shut down), and the test kit's metrics recorder is built on it.
 */
export class TelemetryReader {
  private readonly reader = new OnDemandReader();
  readonly provider = new MeterProvider({ readers: [this.reader] });

  /** @param onErrors what the instruments' callbacks threw during a collection (the rest is still read). */
  constructor(private readonly onErrors: (errors: unknown[]) => void = () => undefined) {}

  /** Collects now: observable instruments are read, recorded ones taken as they stand. */
  async read(): Promise<TelemetryReading> {
    const { resourceMetrics, errors } = await this.reader.collect();
    if (errors.length > 0) this.onErrors(errors);
    return new TelemetryReading(resourceMetrics);
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}

/** One collection: sums (cumulative) summed, gauges at their last value, histograms by their count. */
export class TelemetryReading {
  private readonly metrics = new Map<string, MetricData[]>();

  constructor(readonly collected: ResourceMetrics) {
    for (const scope of collected.scopeMetrics)
      for (const m of scope.metrics)
        this.metrics.set(m.descriptor.name, [...(this.metrics.get(m.descriptor.name) ?? []), m]);
  }

  /** Sum over the series of `name` whose attributes include `match`. */
  value(name: string, match: Attrs = {}): number {
    const matches = (a: Attrs): boolean => Object.entries(match).every(([k, v]) => a[k] === v);
    return this.observations(name).reduce((total, o) => (matches(o.attributes) ? total + o.value : total), 0);
  }

  /** Every series of `name`. */
  observations(name: string): TelemetryObservation[] {
    return (this.metrics.get(name) ?? []).flatMap((m) =>
      m.dataPointType === DataPointType.SUM || m.dataPointType === DataPointType.GAUGE
        ? m.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value }))
        : m.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value.count })),
    );
  }

  /** Whether any component recorded or observed `name` (the SDK leaves out instruments without a series). */
  has(name: string): boolean {
    return this.metrics.has(name);
  }
}
