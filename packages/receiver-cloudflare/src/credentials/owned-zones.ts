import { ownsKey, type ClusterMembership, type Logger } from '@settle/core';
import type { ZoneInfo } from '../query/rows-to-points.js';

/**
 * This instance's zones under `service.cluster`: those whose tag rendezvous-hashes to this member (each zone
 * is owned by `replication` members). Recomputed only when the zone list changes; the count is logged.
 */
export function ownedZones(
  all: () => readonly ZoneInfo[],
  cluster: ClusterMembership | undefined,
  logger: Logger,
): () => readonly ZoneInfo[] {
  if (cluster === undefined) return all;
  let from: readonly ZoneInfo[] | undefined;
  let owned: readonly ZoneInfo[] = [];
  return () => {
    const zones = all();
    if (zones !== from) {
      from = zones;
      owned = zones.filter((z) => ownsKey(cluster, z.tag));
      logger.info(
        { ...cluster, zones_owned: owned.length, zones: zones.length },
        'cluster member: collecting its share of the zones',
      );
    }
    return owned;
  };
}
