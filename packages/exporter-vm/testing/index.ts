// @settle/exporter-vm/testing: a real VictoriaMetrics process for integration tests and benchmarks.
export {
  DEFAULT_VM_BINARY,
  MISSING_VM112_MESSAGE,
  MISSING_VM_MESSAGE,
  VictoriaMetricsProcess,
  victoriaMetrics112Binary,
  victoriaMetricsBinary,
} from './victoria-metrics-process.js';
export type { ExportedSeries, VictoriaMetricsOptions } from './victoria-metrics-process.js';
export { freePort } from './free-port.js';
