import type { SimStats } from '@settle/cloudflare-sim';
import { owners, type ClusterMembership } from '@settle/core';

/** Per zone tag, per token: queries answered (the simulator's `stats().byZoneToken`). */
export type ZoneTokenCounts = SimStats['byZoneToken'];

/** Member i's own API tokens: the simulator's per-token counts tell members apart. */
export function memberTokens(member: number): string[] {
  return [`m${member}-a`, `m${member}-b`];
}

function memberOfToken(token: string): number {
  const m = /^m(\d+)-/.exec(token);
  if (m === null) throw new Error(`token ${token} belongs to no member`);
  return Number(m[1]);
}

/**
 * Per zone tag, the members (sorted) whose tokens queried it between two snapshots of `byZoneToken`
 * (from the start when `before` is omitted).
 */
export function zoneQueriers(after: ZoneTokenCounts, before: ZoneTokenCounts = {}): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [zone, byToken] of Object.entries(after)) {
    const members = new Set<number>();
    for (const [token, n] of Object.entries(byToken)) {
      if (n > (before[zone]?.[token] ?? 0)) members.add(memberOfToken(token));
    }
    if (members.size > 0)
      out.set(
        zone,
        [...members].sort((a, b) => a - b),
      );
  }
  return out;
}

/** One line per zone whose queriers are not exactly its `owners()` under `cluster`; empty when all match. */
export function ownerMismatches(
  zones: readonly { readonly tag: string; readonly name: string }[],
  queriers: ReadonlyMap<string, readonly number[]>,
  cluster: Omit<ClusterMembership, 'member'>,
): string[] {
  const out: string[] = [];
  for (const z of zones) {
    const want = owners(z.tag, cluster.members, cluster.replication).sort((a, b) => a - b);
    const got = queriers.get(z.tag) ?? [];
    if (got.join() !== want.join()) out.push(`${z.name}: queried by [${got.join()}], owners [${want.join()}]`);
  }
  return out;
}
