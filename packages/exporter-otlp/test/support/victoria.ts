import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VictoriaMetricsProcess } from '@settle/exporter-vm/testing';

export type { ExportedSeries } from '@settle/exporter-vm/testing';

/** Where scripts/fetch-vm-otlp.sh unpacks VictoriaMetrics 1.112 (the first version here with OTLP). */
export function victoriaBinary(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (pnpm-workspace.yaml)');
    dir = up;
  }
  return join(dir, '.cache', 'vm-otlp', 'usr', 'bin', 'victoria-metrics');
}

export const MISSING_BINARY =
  'VictoriaMetrics 1.112 (OTLP receiver) not found at .cache/vm-otlp/usr/bin/victoria-metrics: ' +
  'run scripts/fetch-vm-otlp.sh; the real-receiver tests are SKIPPED';

/**
 * exporter-vm's real VictoriaMetrics process, run from the 1.112 binary: the system's (1.79 on bookworm) has
 * no OTLP endpoint, so it must never stand in for this one.
 */
export class Victoria extends VictoriaMetricsProcess {
  constructor() {
    super({ binary: victoriaBinary() });
  }

  /** The OTLP/HTTP metrics endpoint. */
  get otlpUrl(): string {
    return `${this.url}/opentelemetry/v1/metrics`;
  }
}
