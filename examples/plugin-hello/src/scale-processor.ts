import { createProcessor, defineProcessor, type Batch } from '@settle/core';
import { z } from 'zod';

/** Multiplies every value by `factor`: a pure function wrapped as a processor. */
export function scaleBatch(batch: Batch, factor: number): Batch {
  return {
    ...batch,
    metrics: batch.metrics.map((m) => ({ ...m, points: m.points.map((p) => ({ ...p, value: p.value * factor })) })),
  };
}

export const scaleProcessor = defineProcessor({
  type: 'scale',
  stability: 'development',
  description: 'multiplies every data point value by a factor (example plugin)',
  config: z.object({ factor: z.number().finite().default(1).describe('multiplier applied to every value') }).strict(),
  // The processor helper owns lifecycle, ordering and telemetry: the plugin writes only the function.
  create: (ctx, config, next) => createProcessor(ctx, next, { process: (batch) => scaleBatch(batch, config.factor) }),
});
