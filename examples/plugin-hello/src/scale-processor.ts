import { defineProcessor, type Batch } from '@settle/core';
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
  create(_ctx, config, next) {
    return {
      start: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
      consume: (batch) => next.consume(scaleBatch(batch, config.factor)),
    };
  },
});
