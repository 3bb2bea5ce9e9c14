import { DATASETS, type DatasetDef, type ScalarName } from './datasets.js';
import { dimensionsType, filterInput, objectType, orderByEnum } from './sdl-builders.js';
import { ACCOUNT_EXTRA, ZONE_EXTRA } from './extra-datasets.js';
import { extraField, extraTypes } from './sdl-extra.js';
import { minuteGroups } from './sdl-minute.js';

/**
 * Our SDL subset of Cloudflare's GraphQL Analytics schema. Type, field, argument and filter names follow the
 * public introspection dump (cloudflare/cloudflare-prometheus-exporter, src/cloudflare/gql/schema.gql); only the
 * datasets the simulator serves are included, and only the fields it can fill.
 */

const SCALARS: readonly ScalarName[] = [
  'Date',
  'Time',
  'bool',
  'float64',
  'int64',
  'string',
  'uint16',
  'uint32',
  'uint64',
  'uint8',
];

function datasetField(def: DatasetDef): string {
  const T = def.typeName;
  return `  ${def.name}(filter: ${T}Filter_InputObject!, limit: uint64!, orderBy: [${T}OrderBy!]): [${T}!]!`;
}

function adaptiveGroups(
  def: DatasetDef,
  extra: { avg: readonly string[]; sum: readonly string[]; ratio: boolean; quantiles?: readonly string[] },
): string[] {
  const T = def.typeName;
  const top: [string, string][] = [
    ['avg', `${T}Avg`],
    ['count', 'uint64!'],
    ['dimensions', `${T}Dimensions`],
  ];
  const quantiles = extra.quantiles ?? [];
  if (quantiles.length > 0) top.push(['quantiles', `${T}Quantiles`]);
  if (extra.ratio) top.push(['ratio', `${T}Ratio`]);
  if (extra.sum.length > 0) top.push(['sum', `${T}Sum`]);
  const out = [
    objectType(T, top),
    objectType(
      `${T}Avg`,
      extra.avg.map((a) => [a, 'float64!'] as const),
    ),
    dimensionsType(def),
    filterInput(`${T}Filter_InputObject`, def.dimensions),
    orderByEnum(`${T}OrderBy`, [
      ...def.dimensions.map((d) => d.name),
      'count',
      ...extra.avg.map((a) => `avg_${a}`),
      ...extra.sum.map((s) => `sum_${s}`),
    ]),
  ];
  if (extra.ratio)
    out.push(
      objectType(`${T}Ratio`, [
        ['status4xx', 'float64!'],
        ['status5xx', 'float64!'],
      ]),
    );
  if (quantiles.length > 0)
    out.push(
      objectType(
        `${T}Quantiles`,
        quantiles.map((q) => [q, 'float64!'] as const),
      ),
    );
  if (extra.sum.length > 0)
    out.push(
      objectType(
        `${T}Sum`,
        extra.sum.map((s) => [s, 'uint64!'] as const),
      ),
    );
  return out;
}

export const ADAPTIVE_SUMS = [
  'crossZoneSubrequests',
  'edgeDnsResponseTimeMs',
  'edgeRequestBytes',
  'edgeResponseBytes',
  'edgeTimeToFirstByteMs',
  'originResponseDurationMs',
  'visits',
] as const;
export const ADAPTIVE_AVGS = [
  'crossZoneSubrequests',
  'edgeDnsResponseTimeMs',
  'edgeTimeToFirstByteMs',
  'originResponseDurationMs',
  'sampleInterval',
] as const;

/** Quantiles of the time fields; the simulator derives them from the group's average (see resolve-adaptive). */
export const ADAPTIVE_QUANTILES = [
  'edgeTimeToFirstByteMsP50',
  'edgeTimeToFirstByteMsP95',
  'edgeTimeToFirstByteMsP99',
  'originResponseDurationMsP50',
  'originResponseDurationMsP95',
  'originResponseDurationMsP99',
] as const;

const stringFilter = (name: string, field: string): string => filterInput(name, [{ name: field, type: 'string' }]);

export function buildSdl(): string {
  const zoneDatasets = Object.values(DATASETS);
  const settingsFields = zoneDatasets.map((d) => [d.name, 'ZoneSettingsNode'] as const);
  // Health checks are served with the other generated (extra) datasets.
  const zoneTraffic = zoneDatasets.filter((d) => !ZONE_EXTRA.some((x) => x.name === d.name));
  const zoneFields = [...zoneTraffic.map(datasetField), ...ZONE_EXTRA.map(extraField)].sort();
  return [
    ...SCALARS.map((s) => `scalar ${s}`),
    'scalar bytes',
    objectType('Query', [
      ['cost', 'uint64!'],
      ['viewer', 'viewer'],
    ]),
    objectType('viewer', [
      ['accounts(filter: AccountFilter_InputObject)', '[account!]!'],
      ['budget', 'uint64!'],
      ['zones(filter: ZoneFilter_InputObject, limit: uint64)', '[zone!]!'],
    ]),
    `type account {\n  accountTag: string!\n${ACCOUNT_EXTRA.map(extraField).join('\n')}\n  zones(filter: ZoneFilter_InputObject, limit: uint64): [zone!]!\n}`,
    `type zone {\n${zoneFields.join('\n')}\n  settings: ZoneSettings\n  zoneTag: string!\n}`,
    stringFilter('ZoneFilter_InputObject', 'zoneTag'),
    stringFilter('AccountFilter_InputObject', 'accountTag'),
    objectType('ZoneSettings', settingsFields),
    objectType('ZoneSettingsNode', [
      ['availableFields', '[string!]!'],
      ['enabled', 'bool!'],
      ['maxDuration', 'int64!'],
      ['maxNumberOfFields', 'int64!'],
      ['maxPageSize', 'int64!'],
      ['notOlderThan', 'int64!'],
    ]),
    ...minuteGroups(),
    ...adaptiveGroups(DATASETS.httpRequestsAdaptiveGroups, {
      avg: ADAPTIVE_AVGS,
      sum: ADAPTIVE_SUMS,
      ratio: true,
      quantiles: ADAPTIVE_QUANTILES,
    }),
    ...adaptiveGroups(DATASETS.firewallEventsAdaptiveGroups, { avg: ['sampleInterval'], sum: [], ratio: false }),
    ...[...ZONE_EXTRA, ...ACCOUNT_EXTRA].flatMap(extraTypes),
  ].join('\n\n');
}
