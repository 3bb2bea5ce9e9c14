import type { DatasetSpec } from '../datasets/types.js';
import type { ZoneInfo } from '../query/rows-to-points.js';
import { batches } from './schedule.js';

/**
 * The groups one dataset is asked for in a poll or chunk: zones in groups of `maxZonesPerQuery`, or, for an
 * account-scoped dataset, each account alone (Cloudflare's account filter takes one `accountTag`).
 */
export function scopeGroups(
  spec: DatasetSpec,
  zones: readonly ZoneInfo[],
  accounts: readonly ZoneInfo[],
  maxZonesPerQuery: number,
): ZoneInfo[][] {
  return spec.scope === 'account' ? accounts.map((a) => [a]) : batches(zones, maxZonesPerQuery);
}
