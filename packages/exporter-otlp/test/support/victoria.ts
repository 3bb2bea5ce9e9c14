import { VictoriaMetricsProcess, victoriaMetrics112Binary } from '@settle/exporter-vm/testing';

export type { ExportedSeries } from '@settle/exporter-vm/testing';

/** VictoriaMetrics 1.112 (the first version here with OTLP), unpacked by scripts/fetch-vm-otlp.sh; or undefined. */
export const victoriaBinary = victoriaMetrics112Binary;

export const MISSING_BINARY =
  'VictoriaMetrics 1.112 (OTLP receiver) not found at .cache/vm-otlp/usr/bin/victoria-metrics: ' +
  'run scripts/fetch-vm-otlp.sh; the real-receiver tests are SKIPPED';

/**
 * exporter-vm's real VictoriaMetrics process, run from the 1.112 binary: the system's (1.79 on bookworm) has
 * no OTLP endpoint, so it must never stand in for this one.
 */
export class Victoria extends VictoriaMetricsProcess {
  constructor() {
    const binary = victoriaBinary();
    if (binary === undefined) throw new Error(MISSING_BINARY);
    super({ binary });
  }

  /** The OTLP/HTTP metrics endpoint. */
  get otlpUrl(): string {
    return `${this.url}/opentelemetry/v1/metrics`;
  }
}
