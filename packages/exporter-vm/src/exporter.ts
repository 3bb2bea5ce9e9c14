import { checkDeliveryConfig, checkReadableFile, createDeliveryExporter, defineExporter } from '@settle/core';
import { vmConfigSchema } from './config.js';
import { VmSender } from './vm-sender.js';

/** The `victoriametrics` exporter: VictoriaMetrics' import API (or Prometheus remote write) with delivery guarantees. */
export const victoriaMetricsExporter = defineExporter({
  type: 'victoriametrics',
  stability: 'beta',
  description: 'Sends metrics to VictoriaMetrics (/api/v1/import JSON lines) or a Prometheus remote-write receiver',
  config: vmConfigSchema,
  check: (config, service) => [
    ...checkDeliveryConfig(config, service),
    ...checkReadableFile(config.tls.ca_file, ['tls', 'ca_file']),
  ],
  create(ctx, config) {
    return createDeliveryExporter(ctx, config, new VmSender(ctx, config));
  },
});
