import { createBatch, type Batch, type Consumer, type Metric } from '@settle/core';

/** Per label value (zone name, or account name for account-scoped points): buckets from here on are left out. */
export type HandoverSince = () => ReadonlyMap<string, number>;

/**
 * Leaves out the points of handed-over zones (and accounts) for buckets that start at or after the handover
 * began: a handover only keeps refreshing the buckets this member already held when it gave the zone up, so
 * converge opens no new window for them (which would be force-pushed stale once the handover ends). Batches
 * pass untouched when nothing is handed over.
 */
export function handoverFilter(next: Consumer, zones: HandoverSince, accounts: HandoverSince): Consumer {
  return {
    consume(batch: Batch): Promise<void> {
      const byZone = zones();
      const byAccount = accounts();
      if (byZone.size === 0 && byAccount.size === 0) return next.consume(batch);
      const metrics: Metric[] = [];
      for (const m of batch.metrics) {
        const points = m.points.filter((p) => {
          const zone = p.attributes.zone;
          const since = zone === undefined ? byAccount.get(String(p.attributes.account)) : byZone.get(String(zone));
          return since === undefined || (p.startMs ?? p.timeMs) < since;
        });
        if (points.length > 0) metrics.push(points.length === m.points.length ? m : { ...m, points });
      }
      return metrics.length === 0 ? Promise.resolve() : next.consume(createBatch(metrics, batch.resource, batch.meta));
    },
  };
}
