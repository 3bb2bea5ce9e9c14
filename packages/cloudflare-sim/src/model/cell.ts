/**
 * A cell is the finest grain of the traffic model: every request of one zone-minute that shares all dimension
 * values. Every dataset (httpRequests1mGroups, httpRequestsAdaptiveGroups, firewallEventsAdaptiveGroups) is an
 * aggregation of the same cells, which is what keeps their totals consistent with each other.
 */
export interface CellDims {
  readonly clientCountryName: string;
  readonly coloCode: string;
  readonly clientRequestHTTPHost: string;
  readonly clientRequestHTTPMethodName: string;
  readonly clientRequestHTTPProtocol: string;
  readonly clientSSLProtocol: string;
  readonly clientRequestScheme: string;
  readonly clientDeviceType: string;
  readonly edgeResponseStatus: number;
  readonly originResponseStatus: number;
  readonly cacheStatus: string;
  readonly edgeResponseContentTypeName: string;
  readonly requestSource: string;
  readonly userAgentBrowser: string;
  readonly securityAction: string;
  readonly securitySource: string;
  readonly botScore: number;
}

/** The adaptive dataset's dimension names that cells carry directly (time dimensions are derived). */
export const CELL_DIMENSIONS: readonly (keyof CellDims)[] = [
  'clientCountryName',
  'coloCode',
  'clientRequestHTTPHost',
  'clientRequestHTTPMethodName',
  'clientRequestHTTPProtocol',
  'clientSSLProtocol',
  'clientRequestScheme',
  'clientDeviceType',
  'edgeResponseStatus',
  'originResponseStatus',
  'cacheStatus',
  'edgeResponseContentTypeName',
  'requestSource',
  'userAgentBrowser',
  'securityAction',
  'securitySource',
  'botScore',
];

export interface CellValues {
  readonly count: number;
  readonly edgeResponseBytes: number;
  readonly edgeRequestBytes: number;
  readonly visits: number;
  readonly edgeTimeToFirstByteMs: number;
  readonly originResponseDurationMs: number;
}

export interface Cell extends CellValues {
  readonly key: string;
  readonly dims: CellDims;
  /** Attributes that are not adaptive-dataset dimensions but feed other datasets. */
  readonly ipClass: string;
  readonly ruleId: string;
  readonly threatPathing: string;
  readonly cached: boolean;
  readonly encrypted: boolean;
  readonly pageView: boolean;
  readonly threat: boolean;
  /** Steps this cell's colo lags behind the zone-minute's settling schedule (0 or 1). */
  readonly lag: number;
}

export const VALUE_FIELDS: readonly (keyof CellValues)[] = [
  'count',
  'edgeResponseBytes',
  'edgeRequestBytes',
  'visits',
  'edgeTimeToFirstByteMs',
  'originResponseDurationMs',
];

/** The same cell with every value scaled by `level` (rounded, so scaling is monotone in `level`). */
export function scaleCell(cell: Cell, level: number): Cell {
  if (level >= 1) return cell;
  return {
    ...cell,
    count: Math.round(cell.count * level),
    edgeResponseBytes: Math.round(cell.edgeResponseBytes * level),
    edgeRequestBytes: Math.round(cell.edgeRequestBytes * level),
    visits: Math.round(cell.visits * level),
    edgeTimeToFirstByteMs: Math.round(cell.edgeTimeToFirstByteMs * level),
    originResponseDurationMs: Math.round(cell.originResponseDurationMs * level),
  };
}
