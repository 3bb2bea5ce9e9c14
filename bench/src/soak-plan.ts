import type { FaultKind, SettlingModelName, SlowRepliesOption } from '@settle/cloudflare-sim';

/** One scripted burst: at `atMs` (virtual), the next `count` accepted GraphQL requests fail with `kind`. */
export interface FaultBurst {
  readonly atMs: number;
  readonly kind: FaultKind;
  readonly count: number;
}

/** Everything the simulator process needs, sent to it as its one argument (JSON). */
export interface SoakSimPlan {
  readonly seed: number;
  readonly zones: number;
  readonly settling: SettlingModelName;
  readonly token: string;
  /** Virtual start, and the wall instant (epoch ms) it corresponds to: both processes run the same clock. */
  readonly startMs: number;
  readonly wallStartMs: number;
  readonly speed: number;
  readonly errorRate: number;
  readonly quota: { readonly queries: number; readonly windowMs: number };
  /** The simulator's REST quota (zone listing, firewall rule names); its default without. */
  readonly restQuota?: { readonly requests: number; readonly windowMs: number };
  /** Zone-minutes kept in the simulator's generation cache; its default without. */
  readonly cacheSize?: number;
  readonly slowReplies: SlowRepliesOption;
  readonly bursts: readonly FaultBurst[];
}

/** Simulator process → soak. */
export type SoakSimMessage =
  | { readonly type: 'ready'; readonly graphqlUrl: string; readonly accountTag: string }
  | {
      readonly type: 'stats';
      readonly stats: Record<string, unknown>;
      readonly burstsFired: number;
      /** The simulator process's own CPU time (user + system), µs, and peak RSS, KiB. */
      readonly cpuUs: number;
      readonly maxRssKiB: number;
    };

const MINUTE = 60_000;

/**
 * The scripted faults, in cycles of 10 virtual minutes on top of the random ones (`errorRate`): at +1 a burst
 * of 5xx, "try again later" (503 and HTTP 200 + errors[]), a proxy's 502 page and a truncated body; at +4 a
 * 429 storm, three quota replies with Retry-After: 60 s back to back (about 3 minutes without data), or in
 * every third cycle the 5-minute "budget depleted" 429 instead. Bursts queue in the simulator and hit whatever
 * requests come next. Survivable by design: every minute still gets a clean read after it settled (within 6
 * minutes of its end) and before it leaves the 15-minute lookback, so any point lost or wrong is settle's.
 */
export function faultBursts(startMs: number, durationMs: number): FaultBurst[] {
  const out: FaultBurst[] = [];
  for (let cycle = 0; cycle * 10 * MINUTE < durationMs; cycle++) {
    const base = startMs + cycle * 10 * MINUTE;
    out.push(
      { atMs: base + MINUTE, kind: 'unavailable', count: 2 },
      { atMs: base + MINUTE, kind: 'tooManyInProgress', count: 1 },
      { atMs: base + MINUTE, kind: 'unavailable200', count: 1 },
      { atMs: base + MINUTE, kind: 'badGateway', count: 1 },
      { atMs: base + MINUTE, kind: 'malformed', count: 1 },
      cycle % 3 === 2
        ? { atMs: base + 4 * MINUTE, kind: 'budget', count: 1 }
        : { atMs: base + 4 * MINUTE, kind: 'quota', count: 3 },
    );
  }
  return out.filter((b) => b.atMs < startMs + durationMs);
}
