// @settle/exporter-vm/testing: a real VictoriaMetrics (and vmagent) process for integration tests and benchmarks.
export {
  DEFAULT_VM_BINARY,
  MISSING_VM112_MESSAGE,
  MISSING_VM_MESSAGE,
  VictoriaMetricsProcess,
  victoriaMetrics112Binary,
  victoriaMetricsBinary,
} from './victoria-metrics-process.js';
export type { ExportedSeries, VictoriaMetricsOptions } from './victoria-metrics-process.js';
export { DEFAULT_VMAGENT_BINARY, MISSING_VMAGENT_MESSAGE, VmagentProcess, vmagentBinary } from './vmagent-process.js';
export { freePort } from './free-port.js';
