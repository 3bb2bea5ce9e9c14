import type { Cell } from '../model/cell.js';
import { timeDimension, TIME_GRANULARITY_MS } from '../query/time-dimensions.js';

/** Cloudflare's scalar names (lower-case, Go-style) plus Time and Date. */
export type ScalarName =
  'string' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'int64' | 'float64' | 'Time' | 'Date' | 'bool';

export interface FieldDef {
  readonly name: string;
  readonly type: ScalarName;
}

/** Reads one dimension of one row; rows are cells of one minute. Time values are epoch ms, dates YYYY-MM-DD. */
export type DimensionReader = (cell: Cell, minuteMs: number) => string | number;

export type DatasetName =
  | 'httpRequests1mGroups'
  | 'httpRequestsAdaptiveGroups'
  | 'firewallEventsAdaptiveGroups'
  | 'healthCheckEventsAdaptiveGroups';

export const DATASET_NAMES: readonly DatasetName[] = [
  'httpRequests1mGroups',
  'httpRequestsAdaptiveGroups',
  'firewallEventsAdaptiveGroups',
  'healthCheckEventsAdaptiveGroups',
];

export interface DatasetDef {
  readonly name: DatasetName;
  /** Type-name prefix as in Cloudflare's schema, e.g. ZoneHttpRequestsAdaptiveGroups. */
  readonly typeName: string;
  readonly dimensions: readonly FieldDef[];
  readonly readers: ReadonlyMap<string, DimensionReader>;
  /** Adaptive (sampled) datasets get sampling noise. */
  readonly adaptive: boolean;
}

const t = (name: string, type: ScalarName): FieldDef => ({ name, type });

function timeFields(names: readonly string[]): FieldDef[] {
  return names.map((n) => t(n, n === 'date' ? 'Date' : 'Time'));
}

const ADAPTIVE_TIME = [
  'date',
  'datetime',
  'datetimeFifteenMinutes',
  'datetimeFiveMinutes',
  'datetimeHour',
  'datetimeMinute',
];
const MINUTE_TIME = [
  'date',
  'datetime',
  'datetimeDay',
  'datetimeFifteenMinutes',
  'datetimeFiveMinutes',
  'datetimeHalfOfHour',
  'datetimeHour',
  'datetimeMinute',
];

function readersFor(fields: readonly FieldDef[], own: Record<string, DimensionReader>): Map<string, DimensionReader> {
  const readers = new Map<string, DimensionReader>();
  for (const f of fields) {
    if (f.name in TIME_GRANULARITY_MS) {
      const name = f.name;
      readers.set(name, (_cell, minuteMs) => timeDimension(name, minuteMs));
    } else {
      const reader = own[f.name];
      if (reader === undefined) throw new Error(`no reader for dimension ${f.name}`);
      readers.set(f.name, reader);
    }
  }
  return readers;
}

const adaptiveDims: FieldDef[] = [
  ...timeFields(ADAPTIVE_TIME),
  t('cacheStatus', 'string'),
  t('clientCountryName', 'string'),
  t('clientDeviceType', 'string'),
  t('clientRequestHTTPHost', 'string'),
  t('clientRequestHTTPMethodName', 'string'),
  t('clientRequestHTTPProtocol', 'string'),
  t('clientRequestPath', 'string'),
  t('clientRequestScheme', 'string'),
  t('clientSSLProtocol', 'string'),
  t('coloCode', 'string'),
  t('edgeResponseContentTypeName', 'string'),
  t('edgeResponseStatus', 'uint16'),
  t('originResponseStatus', 'uint16'),
  t('requestSource', 'string'),
  t('securityAction', 'string'),
  t('securitySource', 'string'),
  t('userAgentBrowser', 'string'),
  t('botScore', 'uint8'),
];

/** Cells have no path: one per content type, so error paths group sensibly. */
const PATHS: Readonly<Record<string, string>> = {
  html: '/',
  json: '/api/v1/items',
  js: '/static/app.js',
  css: '/static/app.css',
  png: '/img/logo.png',
  jpeg: '/img/hero.jpg',
  webp: '/img/hero.webp',
  svg: '/img/icon.svg',
  woff2: '/fonts/inter.woff2',
  txt: '/robots.txt',
  empty: '/health',
};

const cellReaders: Record<string, DimensionReader> = {
  ...Object.fromEntries(adaptiveDims.map((f) => [f.name, (cell: Cell) => cell.dims[f.name as keyof Cell['dims']]])),
  clientRequestPath: (cell: Cell) => PATHS[cell.dims.edgeResponseContentTypeName] ?? '/',
};

const firewallDims: FieldDef[] = [
  ...timeFields(ADAPTIVE_TIME),
  t('action', 'string'),
  t('botScore', 'uint8'),
  t('botScoreSrcName', 'string'),
  t('clientCountryName', 'string'),
  t('clientIPClass', 'string'),
  t('clientRequestHTTPHost', 'string'),
  t('clientRequestHTTPMethodName', 'string'),
  t('clientRequestHTTPProtocol', 'string'),
  t('clientRequestScheme', 'string'),
  t('edgeColoName', 'string'),
  t('edgeResponseStatus', 'uint16'),
  t('kind', 'string'),
  t('originResponseStatus', 'uint16'),
  t('ruleId', 'string'),
  t('source', 'string'),
];

const firewallReaders: Record<string, DimensionReader> = {
  ...cellReaders,
  action: (c) => c.dims.securityAction,
  source: (c) => c.dims.securitySource,
  ruleId: (c) => c.ruleId,
  edgeColoName: (c) => c.dims.coloCode,
  clientIPClass: (c) => c.ipClass,
  botScoreSrcName: (c) => (c.dims.botScore === 1 ? 'Heuristics' : 'Machine Learning'),
  kind: () => 'firewall',
};

const healthDims: FieldDef[] = [
  ...timeFields(ADAPTIVE_TIME),
  t('failureReason', 'string'),
  t('fqdn', 'string'),
  t('healthStatus', 'string'),
  t('originIP', 'string'),
  t('region', 'string'),
];

export const DATASETS: Readonly<Record<DatasetName, DatasetDef>> = {
  httpRequests1mGroups: {
    name: 'httpRequests1mGroups',
    typeName: 'ZoneHttpRequests1mGroups',
    dimensions: timeFields(MINUTE_TIME),
    readers: readersFor(timeFields(MINUTE_TIME), {}),
    adaptive: false,
  },
  httpRequestsAdaptiveGroups: {
    name: 'httpRequestsAdaptiveGroups',
    typeName: 'ZoneHttpRequestsAdaptiveGroups',
    dimensions: adaptiveDims,
    readers: readersFor(adaptiveDims, cellReaders),
    adaptive: true,
  },
  firewallEventsAdaptiveGroups: {
    name: 'firewallEventsAdaptiveGroups',
    typeName: 'ZoneFirewallEventsAdaptiveGroups',
    dimensions: firewallDims,
    readers: readersFor(firewallDims, firewallReaders),
    adaptive: true,
  },
  healthCheckEventsAdaptiveGroups: {
    name: 'healthCheckEventsAdaptiveGroups',
    typeName: 'ZoneHealthCheckEventsAdaptiveGroups',
    dimensions: healthDims,
    readers: readersFor(healthDims, Object.fromEntries(healthDims.map((f) => [f.name, () => '']))),
    adaptive: true,
  },
};

/** Firewall events are the requests a firewall rule acted on (including log/skip, which do not block). */
export function isFirewallEvent(cell: Cell): boolean {
  return cell.dims.securityAction !== '';
}
