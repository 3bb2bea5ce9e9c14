import { createProcessor, defineProcessor, type Batch } from '@settle/core';
import { compileActions } from './apply-actions.js';
import { actionsConfig } from './config.js';

/** The `attributes` processor: actions on every data point's attributes, in order. */
export const attributesProcessor = defineProcessor({
  type: 'attributes',
  stability: 'alpha',
  description: 'inserts, updates, upserts, deletes, renames or hashes data point attributes, in order',
  config: actionsConfig,
  create: (ctx, config, next) => {
    const apply = compileActions(config.actions);
    return createProcessor(ctx, next, {
      process: (batch): Batch => ({
        ...batch,
        metrics: batch.metrics.map((m) => ({
          descriptor: m.descriptor,
          points: m.points.map((p) => ({ ...p, attributes: apply(p.attributes) })),
        })),
      }),
    });
  },
});

/** The `resource` processor: the same actions on each batch's resource attributes. */
export const resourceProcessor = defineProcessor({
  type: 'resource',
  stability: 'alpha',
  description: 'inserts, updates, upserts, deletes, renames or hashes resource attributes, in order',
  config: actionsConfig,
  create: (ctx, config, next) => {
    const apply = compileActions(config.actions);
    return createProcessor(ctx, next, {
      process: (batch): Batch => ({ ...batch, resource: apply(batch.resource) }),
    });
  },
});
