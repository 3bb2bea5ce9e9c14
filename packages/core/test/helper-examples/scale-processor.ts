// README example (core README "Writing components with the helpers"): a value-scaling processor.
import { createProcessor, defineProcessor } from '../../src/index.js';
import { z } from 'zod';

export const scaleProcessor = defineProcessor({
  type: 'scale',
  stability: 'alpha',
  config: z.object({ factor: z.number().default(1) }).strict(),
  create: (ctx, config, next) =>
    createProcessor(ctx, next, {
      process: (batch) => ({
        ...batch,
        metrics: batch.metrics.map((m) => ({
          ...m,
          points: m.points.map((p) => ({ ...p, value: p.value * config.factor })),
        })),
      }),
    }),
});
