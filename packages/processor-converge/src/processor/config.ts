import { duration } from '@settle/core';
import { z } from 'zod';

/**
 * The `converge` processor's config. Durations are strings ("30s", "15m"); counts are integers. Defaults live
 * here, so `{}` is a complete config and the generated JSON Schema documents them.
 */
export const convergeConfig = z
  .object({
    threshold: z
      .int()
      .min(0)
      .max(65_535)
      // 2 + stable_for 2m: chosen from the freshness benchmark (bench/README.md): 99.3 % of points exact at first
      // push, fresher at the median than a 300 s fixed delay, and the same meaning at any poll interval.
      .default(2)
      .describe('consecutive identical observations that make a live value stable (below 1 means 1)'),
    ttl: duration({ min: 1_000 })
      .default(15 * 60_000)
      .describe("a bucket's window closes this long after the bucket's end, pushing what never stabilised"),
    expire_interval: duration({ min: 100 }).default(10_000).describe('how often windows are checked for expiry'),
    backfill_threshold: z
      .int()
      .min(0)
      .max(65_535)
      .default(1)
      .describe('consecutive identical observations that make a backfill value stable (below 1 means 1)'),
    tolerance: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe('relative difference under which two values count as identical; for sampled (adaptive) datasets'),
    late: z
      .enum(['drop', 'push'])
      .default('drop')
      .describe('data for a bucket whose window already closed: drop it or push it as it comes (counted either way)'),
    max_series: z
      .int()
      .min(1)
      .default(1_000_000)
      .describe('bound on open trackers (series × buckets); above it the oldest windows are pushed and closed'),
    stable_for: duration()
      .default(120_000)
      .describe('a live value is stable only once seen unchanged for at least this long (and threshold times)'),
    min_age: duration().default(0).describe("a live bucket is never stable before the bucket's end + min_age"),
    checkpoint: z
      .boolean()
      .optional()
      .describe('save open windows to the data directory and restore them on start (default: on with a data dir)'),
    checkpoint_interval: duration({ min: 1_000 }).default(30_000).describe('how often open windows are saved'),
    flush_on_shutdown: z
      .boolean()
      .optional()
      .describe('push every unpushed value on shutdown (default: only when not checkpointing)'),
  })
  .strict();

export type ConvergeConfig = z.output<typeof convergeConfig>;
