import type { DatasetSpec } from './types.js';

const host = { label: 'host', field: 'clientRequestHTTPHost' } as const;
const country = { label: 'country', field: 'clientCountryName' } as const;

/** `httpRequestsAdaptiveGroups` by colocation (data centre) and host. Sampled. */
export const colocation: DatasetSpec = {
  id: 'colocation',
  dataset: 'httpRequestsAdaptiveGroups',
  description: 'requests, visits and edge bytes per Cloudflare colocation and host (sampled)',
  adaptive: true,
  dimensions: [{ label: 'colocation', field: 'coloCode' }, host],
  metrics: [
    {
      name: 'cloudflare_zone_colocation_requests_total',
      value: 'count',
      unit: '{request}',
      description: 'Requests per colocation',
    },
    {
      name: 'cloudflare_zone_colocation_visits',
      value: 'sum.visits',
      unit: '{visit}',
      description: 'Visits per colocation',
    },
    {
      name: 'cloudflare_zone_colocation_edge_response_bytes',
      value: 'sum.edgeResponseBytes',
      unit: 'By',
      description: 'Edge response bytes per colocation',
    },
  ],
};

/** `httpRequestsAdaptiveGroups` by edge status, country and host. Sampled. */
export const statusCountryHost: DatasetSpec = {
  id: 'status_country_host',
  dataset: 'httpRequestsAdaptiveGroups',
  description: 'requests per edge HTTP status, country and host (sampled)',
  adaptive: true,
  dimensions: [{ label: 'status', field: 'edgeResponseStatus' }, country, host],
  metrics: [
    {
      name: 'cloudflare_zone_requests_status_country_host',
      value: 'count',
      unit: '{request}',
      description: 'Requests per edge HTTP status, country and host',
    },
  ],
};

/** `httpRequestsAdaptiveGroups` for requests that went to the origin (not cache hits). Sampled. */
export const originStatusCountryHost: DatasetSpec = {
  id: 'origin_status_country_host',
  dataset: 'httpRequestsAdaptiveGroups',
  description: 'requests not served from cache, per origin HTTP status, country and host (sampled)',
  adaptive: true,
  dimensions: [{ label: 'status', field: 'originResponseStatus' }, country, host],
  filter: { cacheStatus_notin: ['hit'] },
  metrics: [
    {
      name: 'cloudflare_zone_requests_origin_status_country_host',
      value: 'count',
      unit: '{request}',
      description: 'Uncached requests per origin HTTP status, country and host',
    },
    ...(['P50', 'P95', 'P99'] as const).map((q) => ({
      name: `cloudflare_zone_requests_origin_status_country_host_${q.toLowerCase()}_ms`,
      value: `quantiles.originResponseDurationMs${q}`,
      unit: 'ms',
      description: `${q} origin response time of uncached requests per origin status, country and host, in ms`,
      kind: 'gauge' as const,
      merge: 'max' as const,
    })),
  ],
};

/** `firewallEventsAdaptiveGroups`: WAF / firewall / bot events. Sampled. */
export const firewallEvents: DatasetSpec = {
  id: 'firewall_events',
  dataset: 'firewallEventsAdaptiveGroups',
  description: 'firewall events per action, source, rule, host and country (sampled)',
  adaptive: true,
  dimensions: [
    { label: 'action', field: 'action' },
    { label: 'source', field: 'source' },
    { label: 'rule', field: 'ruleId' },
    host,
    country,
  ],
  metrics: [
    { name: 'cloudflare_zone_firewall_events_count', value: 'count', unit: '{event}', description: 'Firewall events' },
  ],
};

/** `healthCheckEventsAdaptiveGroups`: origin health checks. Sampled. */
export const healthChecks: DatasetSpec = {
  id: 'health_checks',
  dataset: 'healthCheckEventsAdaptiveGroups',
  description: 'health check events per status, origin, region and fqdn (sampled)',
  adaptive: true,
  dimensions: [
    { label: 'health_status', field: 'healthStatus' },
    { label: 'origin_ip', field: 'originIP' },
    { label: 'region', field: 'region' },
    { label: 'fqdn', field: 'fqdn' },
  ],
  metrics: [
    {
      name: 'cloudflare_zone_health_check_events_origin_count',
      value: 'count',
      unit: '{event}',
      description: 'Health check events per origin',
    },
  ],
};

/** `httpRequestsAdaptiveGroups` for edge errors (status ≥ 400) by status, host and path. Sampled. */
export const edgeErrorsByPath: DatasetSpec = {
  id: 'edge_errors_by_path',
  dataset: 'httpRequestsAdaptiveGroups',
  description: 'edge errors (4xx, 5xx) per status, host and request path (sampled; paths can be many)',
  adaptive: true,
  dimensions: [{ label: 'status', field: 'edgeResponseStatus' }, host, { label: 'path', field: 'clientRequestPath' }],
  filter: { edgeResponseStatus_geq: 400 },
  metrics: [
    {
      name: 'cloudflare_zone_edge_errors_by_path',
      value: 'count',
      unit: '{request}',
      description: 'Edge errors (4xx and 5xx) per request path',
    },
  ],
};
