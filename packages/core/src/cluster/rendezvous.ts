/** Which of `members` cluster members collect a key, and how many members collect each key. */
export interface ClusterMembership {
  /** Members in the cluster (instances with the same config). */
  readonly members: number;
  /** This instance: 0 … members − 1. */
  readonly member: number;
  /** Members that collect each key (replicas), 1 … members. */
  readonly replication: number;
}

/**
 * cyrb53: a fast 53-bit string hash with good avalanche (public domain, bryc). Deterministic across
 * processes and platforms, which is all rendezvous hashing needs: every member computes the same owners.
 */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Rendezvous (highest-random-weight) hashing: each member scores the key, the `replication` highest scores
 * own it. Adding a member only takes keys for which the new member scores highest (about R/N of the
 * assignments), and every member decides alone, from the key and the member count, with no coordination.
 */
export function owners(key: string, members: number, replication: number): number[] {
  const scored = Array.from({ length: members }, (_, m) => ({ m, score: hash53(`${m}\u0000${key}`) }));
  scored.sort((a, b) => b.score - a.score || a.m - b.m);
  return scored.slice(0, Math.max(1, Math.min(replication, members))).map((s) => s.m);
}

/** True when `membership.member` is one of the key's owners (always, for a cluster of one). */
export function ownsKey(membership: ClusterMembership, key: string): boolean {
  if (membership.members <= 1 || membership.replication >= membership.members) return true;
  return owners(key, membership.members, membership.replication).includes(membership.member);
}
