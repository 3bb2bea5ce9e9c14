import { createBatch, type Consumer, type Logger, type Metric, type Origin } from '@settle/core';
import type { DatasetSpec } from '../datasets/types.js';
import type { Activity } from './activity.js';

/** Hands one query's points on, as a batch labelled with where they come from. False when refused. */
export async function emit(
  next: Consumer,
  activity: Activity,
  logger: Logger,
  spec: DatasetSpec,
  metrics: readonly Metric[],
  origin: Origin,
): Promise<boolean> {
  if (metrics.length === 0) return true;
  const batch = createBatch(
    metrics,
    {},
    {
      origin,
      'cloudflare.dataset': spec.dataset,
      'cloudflare.dataset_id': spec.id,
      'cloudflare.sampled': spec.adaptive,
    },
  );
  try {
    await activity.track(next.consume(batch));
    return true;
  } catch (err) {
    logger.warn(
      { dataset: spec.id, origin, error: err instanceof Error ? err.message : String(err) },
      'next stage refused a batch',
    );
    return false;
  }
}
