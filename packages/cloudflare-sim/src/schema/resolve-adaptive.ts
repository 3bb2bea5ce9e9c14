import type { GraphQLResolveInfo } from 'graphql';
import type { Cell } from '../model/cell.js';
import type { ZoneProfile } from '../model/zones.js';
import { compileFilter } from '../query/filter.js';
import { applySamplingNoise, groupRows, type GroupAcc } from '../query/group-rows.js';
import { cachedMinute, groupsWithinMinutes, splitTimeConditions } from '../query/minute-cache.js';
import { orderAndLimit, type OutputGroup } from '../query/order.js';
import { isFirewallEvent, type DatasetDef } from './datasets.js';
import type { RequestContext } from './request-context.js';
import { scanVisibleMinutes } from './visible-minutes.js';

const round3 = (v: number): number => Math.round(v * 1000) / 1000;
/** Time readers ignore the cell. */
const NO_CELL = undefined as unknown as Cell;

/** httpRequestsAdaptiveGroups and firewallEventsAdaptiveGroups: group the visible cells by what was selected. */
export function resolveAdaptiveGroups(
  ctx: RequestContext,
  zone: ZoneProfile,
  def: DatasetDef,
  args: Record<string, unknown>,
  info: GraphQLResolveInfo,
): OutputGroup[] {
  const { limit, predicate, dims, views } = scanVisibleMinutes(ctx, zone, def, args, info);
  const firewall = def.name === 'firewallEventsAdaptiveGroups';
  const isRow = firewall ? isFirewallEvent : () => true;
  const noise = ctx.sim.samplingNoise;
  // With sampling on, report the 1-in-10 sampling interval a busy zone would show.
  const sampleInterval = noise > 0 ? 10 : 1;
  const shape = (g: GroupAcc[]): OutputGroup[] =>
    g.map((acc) => (firewall ? firewallGroup(acc, sampleInterval) : httpGroup(acc, sampleInterval)));
  let out: OutputGroup[];
  if (noise === 0 && groupsWithinMinutes(dims)) {
    const { time, rest } = splitTimeConditions(args['filter']);
    const inRange = compileFilter(time, def.dimensions, def.readers);
    const rowFilter = compileFilter(rest, def.dimensions, def.readers);
    const key = `${def.name}|${dims.join(',')}|${JSON.stringify(rest)}`;
    out = views
      .filter((v) => inRange(NO_CELL, v.minuteMs))
      .flatMap((v) => cachedMinute(v, key, () => shape(groupRows([v], isRow, rowFilter, dims, def.readers))));
  } else {
    const exact = groupRows(views, isRow, predicate, dims, def.readers);
    out = shape(applySamplingNoise(exact, noise, ctx.sim.seed, ctx.nonce, zone.index));
  }
  return orderAndLimit(out, args['orderBy'], limit);
}

function httpGroup(g: GroupAcc, sampleInterval: number): OutputGroup {
  return {
    count: g.count,
    dimensions: g.dims,
    sum: {
      crossZoneSubrequests: 0,
      edgeDnsResponseTimeMs: 0,
      edgeRequestBytes: g.edgeRequestBytes,
      edgeResponseBytes: g.edgeResponseBytes,
      edgeTimeToFirstByteMs: g.edgeTimeToFirstByteMs,
      originResponseDurationMs: g.originResponseDurationMs,
      visits: g.visits,
    },
    avg: {
      crossZoneSubrequests: 0,
      edgeDnsResponseTimeMs: 0,
      edgeTimeToFirstByteMs: round3(g.edgeTimeToFirstByteMs / g.count),
      // Cloudflare averages origin time over requests that went to the origin (cached ones excluded).
      originResponseDurationMs: g.originCount > 0 ? round3(g.originResponseDurationMs / g.originCount) : 0,
      sampleInterval,
    },
    ratio: { status4xx: round3(g.count4xx / g.count), status5xx: round3(g.count5xx / g.count) },
    quantiles: quantilesOf(g),
  };
}

/**
 * Cells keep sums, not distributions, so quantiles are the group's average scaled by a fixed long-tail shape
 * (P50 = 0.8×, P95 = 2.5×, P99 = 4× the mean): plausible, monotonic, and stable once the minute has settled.
 */
function quantilesOf(g: GroupAcc): Record<string, number> {
  const ttfb = g.edgeTimeToFirstByteMs / g.count;
  const origin = g.originCount > 0 ? g.originResponseDurationMs / g.originCount : 0;
  const q = (mean: number, f: number): number => round3(mean * f);
  return {
    edgeTimeToFirstByteMsP50: q(ttfb, 0.8),
    edgeTimeToFirstByteMsP95: q(ttfb, 2.5),
    edgeTimeToFirstByteMsP99: q(ttfb, 4),
    originResponseDurationMsP50: q(origin, 0.8),
    originResponseDurationMsP95: q(origin, 2.5),
    originResponseDurationMsP99: q(origin, 4),
  };
}

function firewallGroup(g: GroupAcc, sampleInterval: number): OutputGroup {
  return { count: g.count, dimensions: g.dims, avg: { sampleInterval } };
}
