// README example (core README "Writing components with the helpers"): a polling receiver.
import { createBatch, createPollingReceiver, defineReceiver, duration } from '../../src/index.js';
import { z } from 'zod';

export const httpGaugeReceiver = defineReceiver({
  type: 'http_gauge',
  stability: 'alpha',
  config: z.object({ url: z.url(), interval: duration({ min: 1 }).prefault('30s') }).strict(),
  create: (ctx, config, next) =>
    createPollingReceiver(ctx, next, {
      lanes: [
        {
          name: 'poll',
          intervalMs: config.interval,
          collect: async ({ now, signal }) => {
            const res = await fetch(config.url, { signal });
            const { value } = (await res.json()) as { value: number };
            return createBatch([
              { descriptor: { name: 'http_gauge', kind: 'gauge' }, points: [{ attributes: {}, timeMs: now, value }] },
            ]);
          },
        },
      ],
    }),
});
