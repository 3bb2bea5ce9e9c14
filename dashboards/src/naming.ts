import { STATUS_METRICS, mappingTable } from '@settle/receiver-cloudflare';

/**
 * How metric names reach the backend:
 * - `import`: settle's `victoriametrics` exporter (import API or remote write) keeps the receiver's names.
 * - `otlp`: settle's `otlp` exporter with `temporality: gauge` into VictoriaMetrics started with
 *   `-opentelemetry.usePrometheusNaming` (OpenTelemetry's Prometheus compatibility rules): the unit becomes a
 *   suffix (`By` → `_bytes`, `s` → `_seconds`) unless the name already has it, `{…}` annotations are dropped,
 *   and gauges get no `_total`. Checked against VictoriaMetrics 1.112 by the dashboard test.
 */
export type Naming = 'import' | 'otlp';

const UNIT_SUFFIX: Readonly<Record<string, string>> = {
  By: 'bytes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  '1': 'ratio',
};

const units = new Map<string, string>();
function unitOf(metric: string): string | undefined {
  if (units.size === 0) {
    for (const row of mappingTable()) units.set(row.metric, row.unit);
    for (const m of STATUS_METRICS) units.set(m.name, m.unit);
  }
  return units.get(metric);
}

/** The name a receiver metric has in the backend under `naming`. */
export function metricName(metric: string, naming: Naming): string {
  if (naming === 'import') return metric;
  const unit = unitOf(metric);
  if (unit === undefined) throw new TypeError(`${metric} is not a metric of the cloudflare receiver`);
  const suffix = UNIT_SUFFIX[unit];
  if (suffix === undefined || metric.split('_').includes(suffix)) return metric;
  return `${metric}_${suffix}`;
}
