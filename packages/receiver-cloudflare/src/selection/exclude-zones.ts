import type { ZoneInfo } from '../query/rows-to-points.js';

/** `exclude_zones` as a predicate: a zone is left out when its tag or its name is listed. */
export function zoneFilter(excluded: readonly string[]): ((zone: ZoneInfo) => boolean) | undefined {
  if (excluded.length === 0) return undefined;
  const set = new Set(excluded);
  return (zone) => !set.has(zone.tag) && !set.has(zone.name);
}
