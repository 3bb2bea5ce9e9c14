import type { DatasetSpec } from './types.js';

const lb = { label: 'load_balancer_name', field: 'lbName' } as const;
const pool = { label: 'pool_name', field: 'selectedPoolName' } as const;

/** `loadBalancingRequestsAdaptiveGroups`: requests per load balancer, selected pool and origin. */
export const loadBalancing: DatasetSpec = {
  id: 'load_balancing',
  dataset: 'loadBalancingRequestsAdaptiveGroups',
  description: 'load-balanced requests per load balancer, pool and origin (sampled)',
  adaptive: true,
  dimensions: [lb, pool, { label: 'origin_name', field: 'selectedOriginName' }],
  metrics: [
    {
      name: 'cloudflare_zone_pool_requests_total',
      value: 'count',
      unit: '{request}',
      description: 'Requests per pool',
    },
  ],
};

/**
 * Pool health from the same dataset: `selectedPoolHealthy` (1/0) of the requests each pool served in the minute.
 * Rows of one pool that disagree within a minute give 1 (healthy at some point of it). A pool that served no
 * request in a minute has no value for it.
 */
export const loadBalancingHealth: DatasetSpec = {
  id: 'load_balancing_health',
  dataset: 'loadBalancingRequestsAdaptiveGroups',
  description: 'health (1/0) of each load-balancer pool that served requests, per minute (sampled)',
  adaptive: true,
  dimensions: [lb, pool],
  metrics: [
    {
      name: 'cloudflare_zone_pool_health_status',
      value: 'dimensions.selectedPoolHealthy',
      unit: '1',
      description: 'Health of a pool: 1 healthy, 0 unhealthy',
      kind: 'gauge',
      merge: 'max',
    },
  ],
};
