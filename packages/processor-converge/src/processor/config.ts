import { duration } from '@settle/core';
import { z } from 'zod';
import type { EngineOptions } from '../engine/options.js';

/** A share as `99.9%` or `0.999` (strictly between 0 and 1), or `off` / false: no target (false). */
const targetExactness = z
  .union([z.number(), z.string(), z.literal(false)])
  .meta({ description: 'a share such as "99.9%" or 0.999, or "off"' })
  .transform((v, ctx): number | false => {
    if (v === false || v === 'off') return false;
    // `99.9e-2` rather than 99.9 / 100, which is 0.9990000000000001.
    const percent = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(v)?.[1] : undefined;
    const share = typeof v === 'number' ? v : percent === undefined ? Number.NaN : Number(`${percent}e-2`);
    if (!(share > 0 && share < 1)) {
      ctx.addIssue({
        code: 'custom',
        message: `invalid target_exactness ${JSON.stringify(v)}: use a share between 0 and 1, e.g. "99.9%" or 0.999, or "off"`,
      });
      return z.NEVER;
    }
    return share;
  });

/**
 * The `converge` processor's config. Durations are strings ("30s", "15m"); counts are integers. Defaults live
 * here, so `{}` is a complete config and the generated JSON Schema documents them.
 */
export const convergeConfig = z
  .object({
    target_exactness: targetExactness
      // See README "How it decides": on the engine's measurements the learned rule is as fresh as the old fixed
      // defaults (2, 2m) where data settles like the simulator's default model, much fresher where it settles
      // fast, and more exact everywhere, where those defaults cannot know how exact they are.
      .default(0.999)
      .describe(
        'learn per source the freshest push rule whose first-push exactness (95 % lower bound) reaches this share, ' +
          'e.g. "99.9%" or 0.999; "off" for the fixed rule',
      ),
    threshold: z
      .int()
      .min(0)
      .max(65_535)
      .optional()
      .describe(
        'consecutive identical observations that make a live value stable (below 1 means 1); a floor of the ' +
          'learned rule (default 1), or the fixed rule with target_exactness off (default 2)',
      ),
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
      .optional()
      .describe(
        'a live value is stable only once seen unchanged for at least this long (and threshold times); a floor ' +
          'of the learned rule (default 0s), or the fixed rule with target_exactness off (default 2m)',
      ),
    min_age: duration()
      .default(0)
      .describe("a live bucket is never stable before the bucket's end + min_age (a floor of the learned rule)"),
    checkpoint: z
      .boolean()
      .optional()
      .describe('save open windows to the data directory and restore them on start (default: on with a data dir)'),
    checkpoint_interval: duration({ min: 1_000 }).default(30_000).describe('how often open windows are saved'),
    restart_grace: duration()
      .default(60_000)
      .describe(
        'a restart after a longer stop (since the last data) waits for a re-read of values last seen before ' +
          'it (at most ttl) instead of pushing them; a shorter stop resumes as if uninterrupted',
      ),
    flush_on_shutdown: z
      .boolean()
      .optional()
      .describe('push every unpushed value on shutdown (default: only when not checkpointing)'),
  })
  .strict();

export type ConvergeConfig = z.output<typeof convergeConfig>;

/** The engine's options from the config; the fixed rule's defaults apply only with `target_exactness` off. */
export function engineOptions(config: ConvergeConfig): EngineOptions {
  const target = config.target_exactness === false ? undefined : config.target_exactness;
  return {
    targetExactness: target,
    threshold: config.threshold ?? (target === undefined ? 2 : undefined),
    stableForMs: config.stable_for ?? (target === undefined ? 120_000 : undefined),
    minAgeMs: config.min_age,
    ttlMs: config.ttl,
    backfillThreshold: config.backfill_threshold,
    tolerance: config.tolerance,
    late: config.late,
    maxSeries: config.max_series,
    restartGraceMs: config.restart_grace,
  };
}
