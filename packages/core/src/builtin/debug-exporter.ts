import { z } from 'zod';
import { defineExporter } from '../component/define.js';
import { countPoints } from '../model/batch.js';
import type { Batch } from '../model/types.js';
import { exporterCounters } from './exporter-counters.js';

const config = z
  .object({
    verbosity: z
      .enum(['basic', 'normal', 'detailed'])
      .default('basic')
      .describe('basic: one line per batch; normal: one line per metric; detailed: one line per data point'),
  })
  .strict();

/** Logs what reaches it, through the component's logger: the quickest way to see a pipeline work. */
export const debugExporter = defineExporter({
  type: 'debug',
  stability: 'beta',
  description: 'logs a summary of each batch, each metric or each data point',
  config,
  create(ctx, cfg) {
    const log = ctx.logger;
    const counters = exporterCounters(ctx);
    const write = (batch: Batch): Promise<void> => {
      const origin = batch.meta?.origin ?? 'live';
      if (cfg.verbosity === 'basic') {
        log.info({ metrics: batch.metrics.length, points: countPoints(batch), origin }, 'batch');
        return Promise.resolve();
      }
      for (const m of batch.metrics) {
        if (cfg.verbosity === 'normal') {
          log.info({ metric: m.descriptor.name, kind: m.descriptor.kind, points: m.points.length, origin }, 'metric');
          continue;
        }
        for (const p of m.points) {
          log.info(
            {
              metric: m.descriptor.name,
              attributes: p.attributes,
              ...(Object.keys(batch.resource).length > 0 ? { resource: batch.resource } : {}),
              // Not `time`: pino already uses that key for the log line's own timestamp.
              ...(p.startMs === undefined ? {} : { startTime: new Date(p.startMs).toISOString() }),
              pointTime: new Date(p.timeMs).toISOString(),
              value: p.value,
            },
            'point',
          );
        }
      }
      return Promise.resolve();
    };
    return {
      start: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
      consume: (batch) => counters.count(batch, () => write(batch)),
    };
  },
});
