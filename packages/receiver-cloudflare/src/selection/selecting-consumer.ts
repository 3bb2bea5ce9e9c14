import type { Meter } from '@opentelemetry/api';
import { createBatch, type Batch, type Consumer, type Logger } from '@settle/core';
import { limitSeriesPerZone, selectMetrics } from './select-metrics.js';
import type { SelectionConfig } from './selection-config.js';

/**
 * Applies the per-dataset metric lists and the series guard to every batch the lanes emit (live and backfill
 * alike), before it leaves the receiver. Points over the guard are counted in
 * `settle_cloudflare_series_limited_points{receiver, dataset}` and each zone is warned about once.
 */
export function selectingConsumer(
  next: Consumer,
  config: SelectionConfig,
  deps: { readonly meter: Meter; readonly receiver: string; readonly logger: Logger },
): Consumer {
  const noLists = Object.keys(config.metrics).length === 0;
  if (noLists && config.max_series_per_zone <= 0) return next;
  const limited = deps.meter.createCounter('settle_cloudflare_series_limited_points', {
    unit: '{point}',
    description: 'Points left out because their zone had more series than max_series_per_zone',
  });
  const warned = new Set<string>();
  return {
    consume(batch: Batch): Promise<void> {
      const id = batch.meta?.['cloudflare.dataset_id'];
      const dataset = typeof id === 'string' ? id : '';
      const selected = selectMetrics(config, dataset, batch.metrics);
      const { metrics, dropped } = limitSeriesPerZone(selected, config.max_series_per_zone);
      for (const [zone, points] of dropped) {
        limited.add(points, { receiver: deps.receiver, dataset });
        if (warned.has(zone)) continue;
        warned.add(zone);
        deps.logger.warn(
          { zone, dataset, max_series_per_zone: config.max_series_per_zone, dropped_points: points },
          'zone has more series than max_series_per_zone: the smallest are dropped (warned once per zone)',
        );
      }
      const out = createBatch(metrics, batch.resource, batch.meta);
      return out.metrics.length === 0 ? Promise.resolve() : next.consume(out);
    },
  };
}
