/** The gauges the status poll produces (lablabs/cloudflare-exporter's names and labels), for mapping and docs. */
export interface StatusMetric {
  readonly source: 'tunnels' | 'pool_origins';
  readonly name: string;
  readonly unit: string;
  readonly labels: readonly string[];
  readonly description: string;
}

export const STATUS_METRICS: readonly StatusMetric[] = [
  {
    source: 'tunnels',
    name: 'cloudflare_tunnel_info',
    unit: '1',
    labels: ['account', 'tunnel_id', 'tunnel_name', 'tunnel_type'],
    description: 'Cloudflare Tunnel details (value 1)',
  },
  {
    source: 'tunnels',
    name: 'cloudflare_tunnel_health_status',
    unit: '1',
    labels: ['account', 'tunnel_id'],
    description: 'Health of a Cloudflare Tunnel: 0 down, 1 healthy, 2 degraded, 3 inactive, 255 unknown',
  },
  {
    source: 'tunnels',
    name: 'cloudflare_tunnel_connector_info',
    unit: '1',
    labels: ['account', 'tunnel_id', 'client_id', 'version', 'arch', 'origin_ip'],
    description: 'Cloudflare Tunnel connector details (value 1)',
  },
  {
    source: 'tunnels',
    name: 'cloudflare_tunnel_connector_active_connections',
    unit: '{connection}',
    labels: ['account', 'tunnel_id', 'client_id'],
    description: 'Connections a Cloudflare Tunnel connector has open to the edge',
  },
  {
    source: 'pool_origins',
    name: 'cloudflare_pool_origin_health_status',
    unit: '1',
    labels: ['account', 'pool_name', 'origin_name', 'ip'],
    description: 'Health of a load-balancer pool origin: 1 healthy, 0 unhealthy',
  },
];
