import type { Cell } from './cell.js';

/** Totals per key of one of httpRequests1mGroups' `sum.*Map` lists. */
export interface MapTotals {
  requests: number;
  bytes: number;
  threats: number;
  pageViews: number;
}

/** How each 1mGroups map is keyed from a cell, and the element field that carries the key. */
export const MINUTE_MAPS = {
  countryMap: { keyField: 'clientCountryName', key: (c: Cell) => c.dims.clientCountryName },
  responseStatusMap: { keyField: 'edgeResponseStatus', key: (c: Cell) => String(c.dims.edgeResponseStatus) },
  contentTypeMap: { keyField: 'edgeResponseContentTypeName', key: (c: Cell) => c.dims.edgeResponseContentTypeName },
  browserMap: { keyField: 'uaBrowserFamily', key: (c: Cell) => (c.pageView ? c.dims.userAgentBrowser : undefined) },
  clientHTTPVersionMap: { keyField: 'clientHTTPProtocol', key: (c: Cell) => c.dims.clientRequestHTTPProtocol },
  clientSSLMap: { keyField: 'clientSSLProtocol', key: (c: Cell) => c.dims.clientSSLProtocol },
  ipClassMap: { keyField: 'ipType', key: (c: Cell) => c.ipClass },
  threatPathingMap: { keyField: 'threatPathingName', key: (c: Cell) => (c.threat ? c.threatPathing : undefined) },
} as const satisfies Record<string, { keyField: string; key: (c: Cell) => string | undefined }>;

export type MinuteMapName = keyof typeof MINUTE_MAPS;
export const MINUTE_MAP_NAMES = Object.keys(MINUTE_MAPS) as MinuteMapName[];

export const MINUTE_TOTALS = [
  'requests',
  'bytes',
  'cachedRequests',
  'cachedBytes',
  'encryptedRequests',
  'encryptedBytes',
  'threats',
  'pageViews',
  'edgeRequestBytes',
] as const;
export type MinuteTotalName = (typeof MINUTE_TOTALS)[number];

export interface MinuteAggregate {
  readonly totals: Record<MinuteTotalName, number>;
  readonly uniques: number;
  readonly maps: Record<MinuteMapName, Map<string, MapTotals>>;
}

function emptyAggregate(uniques: number): MinuteAggregate {
  const totals = Object.fromEntries(MINUTE_TOTALS.map((n) => [n, 0])) as Record<MinuteTotalName, number>;
  const maps = Object.fromEntries(MINUTE_MAP_NAMES.map((n) => [n, new Map()])) as Record<
    MinuteMapName,
    Map<string, MapTotals>
  >;
  return { totals, uniques, maps };
}

/** httpRequests1mGroups of one zone-minute, derived from the same cells as the adaptive datasets. */
export function aggregateMinute(cells: readonly Cell[], uniques: number): MinuteAggregate {
  const agg = emptyAggregate(uniques);
  const t = agg.totals;
  for (const c of cells) {
    t.requests += c.count;
    t.bytes += c.edgeResponseBytes;
    t.edgeRequestBytes += c.edgeRequestBytes;
    if (c.cached) {
      t.cachedRequests += c.count;
      t.cachedBytes += c.edgeResponseBytes;
    }
    if (c.encrypted) {
      t.encryptedRequests += c.count;
      t.encryptedBytes += c.edgeResponseBytes;
    }
    const threats = c.threat ? c.count : 0;
    const pageViews = c.pageView ? c.count : 0;
    t.threats += threats;
    t.pageViews += pageViews;
    for (const name of MINUTE_MAP_NAMES) {
      const key = MINUTE_MAPS[name].key(c);
      if (key === undefined) continue;
      addTo(agg.maps[name], key, { requests: c.count, bytes: c.edgeResponseBytes, threats, pageViews });
    }
  }
  return agg;
}

/** Sum of several aggregates (grouping minutes by a coarser time dimension, or no dimension at all). */
export function mergeAggregates(parts: readonly MinuteAggregate[]): MinuteAggregate {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const agg = emptyAggregate(parts.reduce((s, p) => s + p.uniques, 0));
  for (const part of parts) {
    for (const n of MINUTE_TOTALS) agg.totals[n] += part.totals[n];
    for (const name of MINUTE_MAP_NAMES) for (const [k, v] of part.maps[name]) addTo(agg.maps[name], k, v);
  }
  return agg;
}

function addTo(map: Map<string, MapTotals>, key: string, v: MapTotals): void {
  const cur = map.get(key);
  if (cur === undefined) map.set(key, { ...v });
  else {
    cur.requests += v.requests;
    cur.bytes += v.bytes;
    cur.threats += v.threats;
    cur.pageViews += v.pageViews;
  }
}

/** Map entries in a stable order: biggest first, ties by key. */
export function sortedEntries(map: Map<string, MapTotals>, by: 'requests' | 'pageViews'): [string, MapTotals][] {
  return [...map.entries()]
    .filter(([, v]) => v[by] > 0)
    .sort((a, b) => b[1][by] - a[1][by] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
