import { regionOf } from './country-region.js';
import type { DatasetSpec, LabelSource, MetricSpec } from './types.js';

const country: readonly LabelSource[] = [
  { label: 'country', field: 'clientCountryName' },
  { label: 'region', field: 'clientCountryName', derive: regionOf },
];

function total(name: string, value: string, unit: string, description: string): MetricSpec {
  return { name, value, unit, description };
}

function byMap(
  name: string,
  map: string,
  value: string,
  mapLabels: readonly LabelSource[],
  unit: string,
  description: string,
): MetricSpec {
  return { name, map, value, mapLabels, unit, description };
}

/**
 * `httpRequests1mGroups`: Cloudflare's pre-aggregated per-minute HTTP totals, with breakdowns as maps inside
 * `sum`. Not sampled. Metric names and labels are lablabs/cloudflare-exporter's.
 */
export const httpRequests: DatasetSpec = {
  id: 'http_requests',
  dataset: 'httpRequests1mGroups',
  description: 'per-minute HTTP requests, bandwidth, threats, page views and uniques, with breakdowns',
  adaptive: false,
  dimensions: [],
  metrics: [
    total('cloudflare_zone_requests_total', 'sum.requests', '{request}', 'Requests'),
    total('cloudflare_zone_requests_cached', 'sum.cachedRequests', '{request}', 'Cached requests'),
    total('cloudflare_zone_requests_ssl_encrypted', 'sum.encryptedRequests', '{request}', 'SSL-encrypted requests'),
    byMap(
      'cloudflare_zone_requests_content_type',
      'sum.contentTypeMap',
      'requests',
      [{ label: 'content_type', field: 'edgeResponseContentTypeName' }],
      '{request}',
      'Requests by content type',
    ),
    byMap(
      'cloudflare_zone_requests_country',
      'sum.countryMap',
      'requests',
      country,
      '{request}',
      'Requests by country',
    ),
    byMap(
      'cloudflare_zone_requests_status',
      'sum.responseStatusMap',
      'requests',
      [{ label: 'status', field: 'edgeResponseStatus' }],
      '{request}',
      'Requests by edge HTTP status',
    ),
    byMap(
      'cloudflare_zone_requests_browser_map_page_views_count',
      'sum.browserMap',
      'pageViews',
      [{ label: 'family', field: 'uaBrowserFamily' }],
      '{pageview}',
      'Page views by browser family',
    ),
    total('cloudflare_zone_bandwidth_total', 'sum.bytes', 'By', 'Bytes served'),
    total('cloudflare_zone_bandwidth_cached', 'sum.cachedBytes', 'By', 'Bytes served from cache'),
    total('cloudflare_zone_bandwidth_ssl_encrypted', 'sum.encryptedBytes', 'By', 'Bytes served over SSL'),
    byMap(
      'cloudflare_zone_bandwidth_content_type',
      'sum.contentTypeMap',
      'bytes',
      [{ label: 'content_type', field: 'edgeResponseContentTypeName' }],
      'By',
      'Bytes by content type',
    ),
    byMap('cloudflare_zone_bandwidth_country', 'sum.countryMap', 'bytes', country, 'By', 'Bytes by country'),
    total('cloudflare_zone_threats_total', 'sum.threats', '{threat}', 'Threats'),
    byMap('cloudflare_zone_threats_country', 'sum.countryMap', 'threats', country, '{threat}', 'Threats by country'),
    byMap(
      'cloudflare_zone_threats_type',
      'sum.threatPathingMap',
      'requests',
      [{ label: 'type', field: 'threatPathingName' }],
      '{threat}',
      'Threats by type',
    ),
    total('cloudflare_zone_pageviews_total', 'sum.pageViews', '{pageview}', 'Page views'),
    total('cloudflare_zone_uniques_total', 'uniq.uniques', '{visitor}', 'Unique visitors within the minute'),
  ],
};
