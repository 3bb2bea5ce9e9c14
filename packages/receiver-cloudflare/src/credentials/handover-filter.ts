import { createBatch, type Batch, type Consumer, type Metric } from '@settle/core';

/** Per label value (zone name, or account name for account-scoped points): buckets before this pass. */
export type AdmittedBefore = () => ReadonlyMap<string, number>;

/**
 * Leaves out the points of zones (and accounts) this member does not own, but for the buckets a handover
 * keeps refreshing: those that began before the member gave the zone up. So converge opens no window for a
 * zone it gave up (which would be force-pushed stale at its TTL), not even from a reply in flight when the
 * handover ended. Zones absent from the map (owned, or not known) pass; batches with nothing to leave out
 * pass untouched.
 */
export function handoverFilter(next: Consumer, zones: AdmittedBefore, accounts: AdmittedBefore): Consumer {
  return {
    consume(batch: Batch): Promise<void> {
      const byZone = zones();
      const byAccount = accounts();
      if (byZone.size === 0 && byAccount.size === 0) return next.consume(batch);
      let left = 0;
      const metrics: Metric[] = [];
      for (const m of batch.metrics) {
        const points = m.points.filter((p) => {
          const zone = p.attributes.zone;
          const before = zone === undefined ? byAccount.get(String(p.attributes.account)) : byZone.get(String(zone));
          return before === undefined || (p.startMs ?? p.timeMs) < before;
        });
        left += m.points.length - points.length;
        if (points.length > 0) metrics.push(points.length === m.points.length ? m : { ...m, points });
      }
      if (left === 0) return next.consume(batch);
      return metrics.length === 0 ? Promise.resolve() : next.consume(createBatch(metrics, batch.resource, batch.meta));
    },
  };
}
