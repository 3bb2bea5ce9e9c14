/**
 * Deals zones to credentials in whole query groups (`groupSize` zones each), group by group in turn, so every
 * credential asks the fewest queries for its share and no two credentials differ by more than one group.
 * Zones are taken in tag order so the same list always spreads the same way (no needless moves on restart).
 */
export function spreadZones<T extends { readonly tag: string }>(
  zones: readonly T[],
  credentials: number,
  groupSize: number,
): T[][] {
  const out: T[][] = Array.from({ length: Math.max(0, credentials) }, () => []);
  if (out.length === 0) return out;
  const sorted = [...zones].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  for (let g = 0; g * groupSize < sorted.length; g++) {
    out[g % out.length]?.push(...sorted.slice(g * groupSize, (g + 1) * groupSize));
  }
  return out;
}

/** Zone counts per credential for `zones` zones, as `spreadZones` deals them. */
export function spreadCounts(zones: number, credentials: number, groupSize: number): number[] {
  const fake = Array.from({ length: zones }, (_, i) => ({ tag: String(i).padStart(12, '0') }));
  return spreadZones(fake, credentials, groupSize).map((list) => list.length);
}
