import { z } from 'zod';
import { nameMatcherConfig } from '../match/name-matcher.js';

export const GAUGE_FUNCTIONS = ['last', 'min', 'max', 'sum'] as const;
export type GaugeFunction = (typeof GAUGE_FUNCTIONS)[number];

/** The `aggregate` processor's config. Sums are always added up; gauges combine as `gauge` says. */
export const aggregateConfig = z
  .object({
    drop: z
      .array(z.string().min(1))
      .min(1)
      .describe('attributes to remove; points then equal in metric, other attributes and bucket are combined'),
    metrics: z.array(nameMatcherConfig).min(1).optional().describe('only these metrics (any matches); all when absent'),
    gauge: z
      .enum(GAUGE_FUNCTIONS)
      .default('last')
      .describe('how gauge points combine: last (in batch order), min, max or sum'),
  })
  .strict();

export type AggregateConfig = z.output<typeof aggregateConfig>;
