import { DATASETS, type DatasetDef, type FieldDef, type ScalarName } from './datasets.js';

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

function filterInput(typeName: string, fields: readonly FieldDef[]): string {
  const lines = [`  AND: [${typeName}!]`, `  OR: [${typeName}!]`];
  for (const f of [...fields].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const listType = f.type === 'uint8' ? 'bytes' : `[${f.type}!]`;
    const ops: [string, string][] = [
      ['', f.type],
      ['_geq', f.type],
      ['_gt', f.type],
      ['_in', listType],
      ['_leq', f.type],
      ...(f.type === 'string' ? ([['_like', 'string']] as [string, string][]) : []),
      ['_lt', f.type],
      ['_neq', f.type],
      ['_notin', listType],
      ...(f.type === 'string' ? ([['_notlike', 'string']] as [string, string][]) : []),
    ];
    for (const [suffix, type] of ops) lines.push(`  ${f.name}${suffix}: ${type}`);
  }
  return `input ${typeName} {\n${lines.join('\n')}\n}`;
}

function orderByEnum(typeName: string, keys: readonly string[]): string {
  const values = [...keys].sort().flatMap((k) => [`  ${k}_ASC`, `  ${k}_DESC`]);
  return `enum ${typeName} {\n${values.join('\n')}\n}`;
}

function objectType(name: string, fields: readonly (readonly [string, string])[]): string {
  return `type ${name} {\n${fields.map(([f, t]) => `  ${f}: ${t}`).join('\n')}\n}`;
}

function dimensionsType(def: DatasetDef): string {
  return objectType(
    `${def.typeName}Dimensions`,
    def.dimensions.map((f) => [f.name, `${f.type}!`] as const),
  );
}

function datasetField(def: DatasetDef): string {
  const T = def.typeName;
  return `  ${def.name}(filter: ${T}Filter_InputObject!, limit: uint64!, orderBy: [${T}OrderBy!]): [${T}!]!`;
}

function minuteGroups(): string[] {
  const T = 'ZoneHttpRequests1mGroups';
  const def = DATASETS.httpRequests1mGroups;
  const sums = [
    'bytes',
    'cachedBytes',
    'cachedRequests',
    'edgeRequestBytes',
    'encryptedBytes',
    'encryptedRequests',
    'pageViews',
    'requests',
    'threats',
  ];
  const maps: [string, string, [string, string][]][] = [
    [
      'browserMap',
      'BrowserMapElem',
      [
        ['pageViews', 'uint64!'],
        ['uaBrowserFamily', 'string!'],
      ],
    ],
    [
      'clientHTTPVersionMap',
      'ClientHTTPVersionMapElem',
      [
        ['clientHTTPProtocol', 'string!'],
        ['requests', 'uint64!'],
      ],
    ],
    [
      'clientSSLMap',
      'ClientSSLMapElem',
      [
        ['clientSSLProtocol', 'string!'],
        ['requests', 'uint64!'],
      ],
    ],
    [
      'contentTypeMap',
      'ContentTypeMapElem',
      [
        ['bytes', 'uint64!'],
        ['edgeResponseContentTypeName', 'string!'],
        ['requests', 'uint64!'],
      ],
    ],
    [
      'countryMap',
      'CountryMapElem',
      [
        ['bytes', 'uint64!'],
        ['clientCountryName', 'string!'],
        ['requests', 'uint64!'],
        ['threats', 'uint64!'],
      ],
    ],
    [
      'ipClassMap',
      'IpClassMapElem',
      [
        ['ipType', 'string!'],
        ['requests', 'uint64!'],
      ],
    ],
    [
      'responseStatusMap',
      'ResponseStatusMapElem',
      [
        ['edgeResponseStatus', 'uint64!'],
        ['requests', 'uint64!'],
      ],
    ],
    [
      'threatPathingMap',
      'ThreatPathingMapElem',
      [
        ['requests', 'uint64!'],
        ['threatPathingName', 'string!'],
      ],
    ],
  ];
  const sumFields: [string, string][] = [
    ...sums.map((s) => [s, 'uint64!'] as [string, string]),
    ...maps.map(([f, elem]) => [f, `[${T}${elem}!]!`] as [string, string]),
  ].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return [
    objectType(T, [
      ['avg', `${T}Avg`],
      ['dimensions', `${T}Dimensions`],
      ['sum', `${T}Sum`],
      ['uniq', `${T}Uniq`],
    ]),
    objectType(`${T}Avg`, [
      ['bytes', 'float64!'],
      ['edgeRequestBytes', 'float64!'],
      ['sampleInterval', 'float64!'],
    ]),
    ...maps.map(([, elem, fields]) => objectType(`${T}${elem}`, fields)),
    dimensionsType(def),
    filterInput(`${T}Filter_InputObject`, def.dimensions),
    orderByEnum(`${T}OrderBy`, [
      ...def.dimensions.map((d) => d.name),
      'avg_bytes',
      'avg_edgeRequestBytes',
      'avg_sampleInterval',
      ...sums.map((s) => `sum_${s}`),
      'uniq_uniques',
    ]),
    objectType(`${T}Sum`, sumFields),
    objectType(`${T}Uniq`, [['uniques', 'uint64!']]),
  ];
}

function adaptiveGroups(
  def: DatasetDef,
  extra: { avg: readonly string[]; sum: readonly string[]; ratio: boolean },
): string[] {
  const T = def.typeName;
  const top: [string, string][] = [
    ['avg', `${T}Avg`],
    ['count', 'uint64!'],
    ['dimensions', `${T}Dimensions`],
  ];
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

const stringFilter = (name: string, field: string): string => filterInput(name, [{ name: field, type: 'string' }]);

export function buildSdl(): string {
  const zoneDatasets = Object.values(DATASETS);
  const settingsFields = zoneDatasets.map((d) => [d.name, 'ZoneSettingsNode'] as const);
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
    objectType('account', [
      ['accountTag', 'string!'],
      ['zones(filter: ZoneFilter_InputObject, limit: uint64)', '[zone!]!'],
    ]),
    `type zone {\n${zoneDatasets.map(datasetField).join('\n')}\n  settings: ZoneSettings\n  zoneTag: string!\n}`,
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
    ...adaptiveGroups(DATASETS.httpRequestsAdaptiveGroups, { avg: ADAPTIVE_AVGS, sum: ADAPTIVE_SUMS, ratio: true }),
    ...adaptiveGroups(DATASETS.firewallEventsAdaptiveGroups, { avg: ['sampleInterval'], sum: [], ratio: false }),
    ...adaptiveGroups(DATASETS.healthCheckEventsAdaptiveGroups, {
      avg: ['rttMs', 'sampleInterval', 'tcpConnMs', 'timeToFirstByteMs', 'tlsHandshakeMs'],
      sum: [],
      ratio: false,
    }),
  ].join('\n\n');
}
