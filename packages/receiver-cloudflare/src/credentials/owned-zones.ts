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
  /** What the list holds, for the log line: `zones`, or `accounts` for account-scoped datasets. */
  what: 'zones' | 'accounts' = 'zones',
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
        { ...cluster, [`${what}_owned`]: owned.length, [what]: zones.length },
        `cluster member: collecting its share of the ${what}`,
      );
    }
    return owned;
  };
}
