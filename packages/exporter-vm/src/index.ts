// @settle/exporter-vm: the `victoriametrics` exporter.
import { victoriaMetricsExporter } from './exporter.js';

export { victoriaMetricsExporter } from './exporter.js';
export { vmConfigSchema, MAX_FUTURE_MS } from './config.js';
export type { VmConfig } from './config.js';
export { groupSeries } from './group-series.js';
export type { GroupOptions, Grouped, RejectReason, Series } from './group-series.js';
export { encodeImport } from './import-encoder.js';
export { encodeWriteRequest } from './remote-write-encoder.js';
export { VmSender } from './vm-sender.js';

export default [victoriaMetricsExporter];
