import { z } from 'zod';
import type { ClusterMembership } from './rendezvous.js';

/**
 * A member number as written or as a StatefulSet gives it: `2`, `"2"` (from `${env:...}`, always a string) or a
 * pod name ending in its ordinal, `settle-2` (`member: ${env:POD_NAME}`).
 */
export function memberNumber(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const m = /^(?:.*-)?(\d{1,6})$/.exec(value.trim());
  return m === null ? undefined : Number(m[1]);
}

const count = (what: string) =>
  z.union([z.number(), z.string()]).transform((v, ctx) => {
    const n = typeof v === 'number' ? v : /^\d{1,6}$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 1) {
      ctx.addIssue({ code: 'custom', message: `${what} must be a whole number ≥ 1, not ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return n;
  });

/**
 * `service.cluster`: shard the work of every cluster-aware component (the Cloudflare receiver's zones) across
 * `members` instances with the same config, each key collected by `replication` of them, as vmagent's
 * `-promscrape.cluster.*` flags do for scrape targets.
 */
export const clusterSchema = z
  .strictObject({
    members: count('members').meta({ description: 'instances sharing the work' }),
    member: z
      .union([z.number(), z.string()])
      .transform((v, ctx) => {
        const n = memberNumber(v);
        if (n === undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `member must be a number from 0, or a pod name ending in one (settle-2), not ${JSON.stringify(v)}`,
          });
          return z.NEVER;
        }
        return n;
      })
      .meta({ description: 'this instance, 0 … members − 1, or a StatefulSet pod name such as settle-2' }),
    replication: count('replication')
      .default(1)
      .meta({ description: 'instances that collect each key (2 for high availability)' }),
  })
  .superRefine((v, ctx) => {
    if (v.member >= v.members) {
      ctx.addIssue({
        code: 'custom',
        path: ['member'],
        message: `member ${v.member} is out of range: with members ${v.members}, use 0 … ${v.members - 1}`,
      });
    }
    if (v.replication > v.members) {
      ctx.addIssue({
        code: 'custom',
        path: ['replication'],
        message: `replication ${v.replication} is more than the ${v.members} members`,
      });
    }
  }) satisfies z.ZodType<ClusterMembership, unknown>;
