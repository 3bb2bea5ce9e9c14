import { groupRows } from '../query/group-rows.js';
import { DATASETS, isFirewallEvent, type DatasetName } from '../schema/datasets.js';
import type { TruthPoint } from '../types.js';
import { CELL_DIMENSIONS } from './cell.js';
import { aggregateMinute, MINUTE_MAP_NAMES, MINUTE_MAPS, sortedEntries, type MapTotals } from './minute-aggregate.js';
import type { TrafficModel } from './traffic-model.js';
import type { ZoneProfile } from './zones.js';

const FIREWALL_DEFAULT = ['action', 'source', 'ruleId', 'clientCountryName', 'clientRequestHTTPHost'];

/** Which totals each 1mGroups map element carries. */
const MAP_VALUES: Record<string, readonly (keyof MapTotals)[]> = {
  countryMap: ['requests', 'bytes', 'threats'],
  contentTypeMap: ['requests', 'bytes'],
  browserMap: ['pageViews'],
};

/**
 * The final values of a zone-minute, computed from the final cells with the same aggregation the queries use,
 * so "settled query result == truth" is a property of the model and not a coincidence.
 */
export function truthPoints(
  model: TrafficModel,
  zone: ZoneProfile,
  dataset: DatasetName,
  minuteMs: number,
  groupBy?: readonly string[],
): TruthPoint[] {
  const final = model.finalMinute(zone, minuteMs);
  const base = { zoneTag: zone.tag, dataset, minuteMs, settledAtMs: model.settledAtMs(zone, minuteMs) };
  switch (dataset) {
    case 'httpRequests1mGroups': {
      const agg = aggregateMinute(final.cells, final.uniques);
      if (agg.totals.requests === 0) return [];
      const points: TruthPoint[] = [{ ...base, dimensions: {}, values: { ...agg.totals, uniques: agg.uniques } }];
      for (const map of MINUTE_MAP_NAMES) {
        const fields = MAP_VALUES[map] ?? ['requests'];
        for (const [key, totals] of sortedEntries(agg.maps[map], map === 'browserMap' ? 'pageViews' : 'requests')) {
          const values = Object.fromEntries(fields.map((f) => [f, totals[f]]));
          points.push({ ...base, dimensions: { map, [MINUTE_MAPS[map].keyField]: key }, values });
        }
      }
      return points;
    }
    case 'httpRequestsAdaptiveGroups':
    case 'firewallEventsAdaptiveGroups': {
      const def = DATASETS[dataset];
      const firewall = dataset === 'firewallEventsAdaptiveGroups';
      const dims = [...(groupBy ?? (firewall ? FIREWALL_DEFAULT : CELL_DIMENSIONS))];
      for (const d of dims) if (!def.readers.has(d)) throw new RangeError(`${dataset} has no dimension ${d}`);
      const groups = groupRows(
        [{ minuteMs, cells: final.cells }],
        firewall ? isFirewallEvent : () => true,
        () => true,
        dims,
        def.readers,
      );
      return groups.map((g) => ({
        ...base,
        dimensions: Object.fromEntries(Object.entries(g.dims).map(([k, v]) => [k, String(v)])),
        values: firewall
          ? { count: g.count }
          : {
              count: g.count,
              edgeResponseBytes: g.edgeResponseBytes,
              edgeRequestBytes: g.edgeRequestBytes,
              visits: g.visits,
            },
      }));
    }
    case 'healthCheckEventsAdaptiveGroups':
      return [];
  }
}
