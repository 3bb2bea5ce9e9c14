import { defineReceiver } from '@settle/core';
import { cloudflareConfigSchema } from './config.js';
import { CloudflareReceiver } from './receiver.js';

/** The `cloudflare` receiver: polls Cloudflare's GraphQL Analytics API per minute, live and backfill. */
export const cloudflareReceiver = defineReceiver({
  type: 'cloudflare',
  stability: 'alpha',
  description: "Polls Cloudflare's GraphQL Analytics API: per-minute zone metrics, live and backfilled",
  config: cloudflareConfigSchema,
  create: (ctx, config, next) => new CloudflareReceiver(ctx, config, next),
});
