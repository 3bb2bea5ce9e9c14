import { defineProcessor } from '@settle/core';
import { convergeConfig } from './config.js';
import { createConvergeProcessor } from './converge-processor.js';

/** The `converge` processor: pushes each time bucket once its value has stopped changing. */
export const convergeProcessor = defineProcessor({
  type: 'converge',
  stability: 'beta',
  description: 'pushes each time bucket once its value has stopped changing (stabilisation of settling data)',
  config: convergeConfig,
  // Each series of a bucket leaves when it settles: a stage combining series per bucket must come before.
  pipeline: { emits: ['partial_buckets'] },
  create: (ctx, config, next) => createConvergeProcessor(ctx, config, next),
});
