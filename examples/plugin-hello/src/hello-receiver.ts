import { createBatch, createPollingReceiver, defineReceiver, duration } from '@settle/core';
import { z } from 'zod';

/** Says hello on an interval: one gauge point per name, valued by how many times it has greeted. */
export const helloReceiver = defineReceiver({
  type: 'hello',
  stability: 'development',
  description: 'greets a list of names on an interval (example plugin)',
  config: z
    .object({
      interval: duration({ min: 1 }).prefault('10s').describe('time between greetings'),
      names: z.array(z.string().min(1)).min(1).default(['world']).describe('who to greet'),
    })
    .strict(),
  create(ctx, config, next) {
    let greetings = 0;
    // The polling-receiver helper owns the schedule (first greeting one interval after start), lifecycle and
    // shutdown: the plugin writes only what one run collects.
    return createPollingReceiver(ctx, next, {
      lanes: [
        {
          name: 'greet',
          intervalMs: config.interval,
          initialDelayMs: config.interval,
          collect: ({ now }) => {
            greetings++;
            const points = config.names.map((name) => ({ attributes: { name }, timeMs: now, value: greetings }));
            ctx.logger.debug({ names: config.names }, 'hello');
            return createBatch([{ descriptor: { name: 'hello_greetings', kind: 'gauge' }, points }]);
          },
        },
      ],
    });
  },
});
