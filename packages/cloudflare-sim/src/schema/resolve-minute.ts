import type { GraphQLResolveInfo } from 'graphql';
import type { Cell } from '../model/cell.js';
import { mergeAggregates, sortedEntries, type MinuteAggregate } from '../model/minute-aggregate.js';
import type { ZoneProfile } from '../model/zones.js';
import { cachedMinute, groupsWithinMinutes } from '../query/minute-cache.js';
import { orderAndLimit, type OutputGroup } from '../query/order.js';
import { DATASETS } from './datasets.js';
import type { RequestContext } from './request-context.js';
import { scanVisibleMinutes } from './visible-minutes.js';

const def = DATASETS.httpRequests1mGroups;
/** 1mGroups filters and dimensions are all about time; their readers never look at the cell. */
const NO_CELL = undefined as unknown as Cell;

/** httpRequests1mGroups: one rollup per selected time bucket (per minute when grouped by datetime). */
export function resolveMinuteGroups(
  ctx: RequestContext,
  zone: ZoneProfile,
  args: Record<string, unknown>,
  info: GraphQLResolveInfo,
): OutputGroup[] {
  const { limit, predicate, dims, views } = scanVisibleMinutes(ctx, zone, def, args, info);
  const included = views.filter((v) => v.cells.length > 0 && predicate(NO_CELL, v.minuteMs));
  const dimsOf = (minute: number): Record<string, string | number> =>
    Object.fromEntries(
      dims.map((d) => [d, (def.readers.get(d) as (c: Cell, m: number) => string | number)(NO_CELL, minute)]),
    );
  let out: OutputGroup[];
  if (groupsWithinMinutes(dims)) {
    // One group per minute, reusable across polls while the minute's settling step stays the same.
    const key = `${def.name}|${dims.join(',')}`;
    out = included.flatMap((v) => cachedMinute(v, key, () => [minuteGroup(dimsOf(v.minuteMs), v.aggregate())]));
  } else {
    const groups = new Map<string, { dims: Record<string, string | number>; parts: MinuteAggregate[] }>();
    for (const view of included) {
      const values = dimsOf(view.minuteMs);
      const key = dims.map((d) => values[d]).join('\u0000');
      let group = groups.get(key);
      if (group === undefined) {
        group = { dims: values, parts: [] };
        groups.set(key, group);
      }
      group.parts.push(view.aggregate());
    }
    out = [...groups.values()].map((g) => minuteGroup(g.dims, mergeAggregates(g.parts)));
  }
  out = out.filter((g) => (g.sum?.['requests'] as number) > 0);
  return orderAndLimit(out, args['orderBy'], limit);
}

function minuteGroup(dimensions: Record<string, string | number>, agg: MinuteAggregate): OutputGroup {
  const t = agg.totals;
  const m = agg.maps;
  // Map lists are functions so they are only built when selected (graphql-js calls function properties).
  return {
    dimensions,
    sum: {
      ...t,
      browserMap: () =>
        sortedEntries(m.browserMap, 'pageViews').map(([k, v]) => ({ uaBrowserFamily: k, pageViews: v.pageViews })),
      clientHTTPVersionMap: () =>
        sortedEntries(m.clientHTTPVersionMap, 'requests').map(([k, v]) => ({
          clientHTTPProtocol: k,
          requests: v.requests,
        })),
      clientSSLMap: () =>
        sortedEntries(m.clientSSLMap, 'requests').map(([k, v]) => ({ clientSSLProtocol: k, requests: v.requests })),
      contentTypeMap: () =>
        sortedEntries(m.contentTypeMap, 'requests').map(([k, v]) => ({
          edgeResponseContentTypeName: k,
          requests: v.requests,
          bytes: v.bytes,
        })),
      countryMap: () =>
        sortedEntries(m.countryMap, 'requests').map(([k, v]) => ({
          clientCountryName: k,
          requests: v.requests,
          bytes: v.bytes,
          threats: v.threats,
        })),
      ipClassMap: () => sortedEntries(m.ipClassMap, 'requests').map(([k, v]) => ({ ipType: k, requests: v.requests })),
      responseStatusMap: () =>
        sortedEntries(m.responseStatusMap, 'requests').map(([k, v]) => ({
          edgeResponseStatus: Number(k),
          requests: v.requests,
        })),
      threatPathingMap: () =>
        sortedEntries(m.threatPathingMap, 'requests').map(([k, v]) => ({ threatPathingName: k, requests: v.requests })),
    },
    uniq: { uniques: agg.uniques },
    avg: {
      bytes: t.requests > 0 ? Math.round((t.bytes / t.requests) * 1000) / 1000 : 0,
      edgeRequestBytes: t.requests > 0 ? Math.round((t.edgeRequestBytes / t.requests) * 1000) / 1000 : 0,
      sampleInterval: 1,
    },
  };
}
