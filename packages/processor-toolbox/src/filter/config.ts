import { z } from 'zod';
import { attributeConditionConfig } from '../match/attribute-condition.js';
import { nameMatcherConfig } from '../match/name-matcher.js';

/**
 * One rule: a point matches when its metric's name matches one of `metrics` (any name when absent), every
 * `attributes` condition holds on the point and every `resource` condition on its batch's resource.
 */
export const filterRuleConfig = z
  .object({
    metrics: z
      .array(nameMatcherConfig)
      .min(1)
      .optional()
      .describe('metric names (any matches); all metrics when absent'),
    attributes: z
      .array(attributeConditionConfig)
      .default([])
      .describe('conditions on data point attributes (all must hold)'),
    resource: z
      .array(attributeConditionConfig)
      .default([])
      .describe('conditions on resource attributes (all must hold)'),
  })
  .strict()
  .refine((r) => r.metrics !== undefined || r.attributes.length > 0 || r.resource.length > 0, {
    message: 'a filter rule needs at least one of metrics, attributes or resource',
  });

export type FilterRule = z.output<typeof filterRuleConfig>;

/**
 * The `filter` processor's config, with the Collector's order: when `include` lists rules, only points matching
 * one of them are kept; then points matching any `exclude` rule are dropped.
 */
export const filterConfig = z
  .object({
    include: z
      .array(filterRuleConfig)
      .default([])
      .describe('when not empty, keep only points matching at least one of these rules'),
    exclude: z.array(filterRuleConfig).default([]).describe('then drop points matching any of these rules'),
  })
  .strict();

export type FilterConfig = z.output<typeof filterConfig>;
