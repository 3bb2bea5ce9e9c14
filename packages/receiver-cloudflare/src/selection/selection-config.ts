import { z } from 'zod';
import { DATASETS } from '../datasets/catalog.js';

const metricNames = z.array(z.string().min(1)).min(1);

/**
 * What to collect besides `zones` / `datasets`: zones left out, metrics kept or dropped per dataset, and a
 * guard on series per zone. Spread into the receiver's config; checked against the mapping table by
 * `checkSelection` so a misspelt metric is refused at load time instead of silently matching nothing.
 */
export const selectionShape = {
  exclude_zones: z
    .array(z.string().min(1))
    .default([])
    .meta({ description: 'zones not to collect, by tag or by name (also among those discovered from accounts)' }),
  metrics: z
    .record(
      z.string(),
      z
        .object({
          include: metricNames.optional().describe('keep only these metrics of the dataset'),
          exclude: metricNames.optional().describe('then drop these metrics of the dataset'),
        })
        .strict(),
    )
    .default({})
    .meta({ description: 'per dataset id: metric names to keep (include) or drop (exclude)' }),
  max_series_per_zone: z.int().min(0).default(0).meta({
    description:
      'most series one zone may have in one query reply (one dataset, one poll); the smallest beyond it are dropped, counted and warned about once per zone; 0 = no limit',
  }),
};

export interface SelectionConfig {
  readonly exclude_zones: readonly string[];
  readonly metrics: Readonly<
    Record<
      string,
      { readonly include?: readonly string[] | undefined; readonly exclude?: readonly string[] | undefined }
    >
  >;
  readonly max_series_per_zone: number;
}

/** Metric names must be those of the dataset (see the README's mapping table); the dataset must be collected. */
export function checkSelection(
  v: SelectionConfig & { readonly datasets: readonly string[] },
  ctx: z.RefinementCtx,
): void {
  for (const [id, lists] of Object.entries(v.metrics)) {
    const spec = DATASETS.find((d) => d.id === id);
    if (spec === undefined || !v.datasets.includes(id)) {
      const known = v.datasets.join(', ');
      ctx.addIssue({
        code: 'custom',
        path: ['metrics', id],
        message: `"${id}" is not among the datasets collected (${known})`,
      });
      continue;
    }
    const names = spec.metrics.map((m) => m.name);
    for (const list of ['include', 'exclude'] as const) {
      (lists[list] ?? []).forEach((name, i) => {
        if (names.includes(name)) return;
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', id, list, i],
          message: `dataset ${id} has no metric "${name}"; its metrics: ${names.join(', ')}`,
        });
      });
    }
  }
}
