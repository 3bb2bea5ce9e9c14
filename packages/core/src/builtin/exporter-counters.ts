import type { ComponentContext } from '../component/types.js';
import { countPoints } from '../model/batch.js';
import type { Batch } from '../model/types.js';

/**
 * The exporter helper's two headline counters, for built-in exporters that write locally and so need no queue
 * or retry: `settle_exporter_sent_points` and `settle_exporter_send_failed_points` mean the same for every
 * exporter, whichever way it delivers.
 */
export function exporterCounters(ctx: Pick<ComponentContext, 'id' | 'meter'>): {
  /** Runs `deliver`, then counts the batch's points as sent, or as failed (rethrowing) when it rejects. */
  count(batch: Batch, deliver: () => Promise<void> | void): Promise<void>;
} {
  const attrs = { exporter: ctx.id };
  const sent = ctx.meter.createCounter('settle_exporter_sent_points', {
    unit: '{point}',
    description: 'Points the backend accepted.',
  });
  const failed = ctx.meter.createCounter('settle_exporter_send_failed_points', {
    unit: '{point}',
    description: 'Points that could not be delivered (permanent error or retries exhausted).',
  });
  return {
    async count(batch, deliver) {
      const points = countPoints(batch);
      try {
        await deliver();
      } catch (err) {
        failed.add(points, attrs);
        throw err;
      }
      sent.add(points, attrs);
    },
  };
}
