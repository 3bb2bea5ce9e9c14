import { DATASETS } from './datasets.js';
import { dimensionsType, filterInput, objectType, orderByEnum } from './sdl-builders.js';

/** httpRequests1mGroups: the minute rollup with its sum/uniq/avg and the eight `sum.*Map` element types. */
export function minuteGroups(): string[] {
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
