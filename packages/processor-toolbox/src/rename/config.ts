import { z } from 'zod';
import { regexString } from '../match/name-matcher.js';

/** One rename: an exact name, or a regex over the whole name whose `to` may use `$1`, `$<name>`. */
export const renameRuleConfig = z.union([
  z.object({ from: z.string().min(1), to: z.string().min(1) }).strict(),
  z
    .object({
      regex: regexString(),
      to: z.string().min(1).describe('replacement; $1, $2… and $<name> refer to the regex groups'),
    })
    .strict(),
]);

export type RenameRule = z.output<typeof renameRuleConfig>;

/** The `metrics_rename` processor's config: rules tried in order; the first that matches a name renames it. */
export const metricsRenameConfig = z
  .object({
    rules: z.array(renameRuleConfig).min(1).describe('tried in order; the first matching rule renames the metric'),
  })
  .strict();

export type MetricsRenameConfig = z.output<typeof metricsRenameConfig>;
