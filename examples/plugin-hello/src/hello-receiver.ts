import { createBatch, defineReceiver, duration, every, type Timer } from '@settle/core';
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
    let timer: Timer | undefined;
    let greetings = 0;
    return {
      start() {
        timer = every(ctx.clock, config.interval, async () => {
          greetings++;
          const timeMs = ctx.clock.now();
          const points = config.names.map((name) => ({ attributes: { name }, timeMs, value: greetings }));
          ctx.logger.debug({ names: config.names }, 'hello');
          await next.consume(createBatch([{ descriptor: { name: 'hello_greetings', kind: 'gauge' }, points }]));
        });
        return Promise.resolve();
      },
      shutdown() {
        timer?.cancel();
        return Promise.resolve();
      },
    };
  },
});
