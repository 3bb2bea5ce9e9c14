import { createProcessor, defineProcessor } from '@settle/core';
import { metricsRenameConfig } from './config.js';
import { compileRename, renameBatch } from './rename.js';

/** The `metrics_rename` processor: maps metric names (e.g. to OpenTelemetry semantic names). */
export const metricsRenameProcessor = defineProcessor({
  type: 'metrics_rename',
  stability: 'alpha',
  description: 'renames metrics by exact name or regex (first matching rule wins)',
  config: metricsRenameConfig,
  create: (ctx, config, next) => {
    const rename = compileRename(config);
    return createProcessor(ctx, next, { process: (batch) => renameBatch(batch, rename) });
  },
});
