import { flag, list, text, type GaugeReadings } from './gauges.js';

/**
 * Origin health of load-balancer pools, as lablabs/cloudflare-exporter exposes it, from REST
 * `GET /accounts/{id}/load_balancers/pools`: for each enabled pool with a monitor, each enabled origin is 1
 * (healthy) unless the API says `healthy: false`.
 */
export function addPoolOriginReadings(out: GaugeReadings, account: string, pool: unknown): void {
  if (flag(pool, 'enabled') === false || text(pool, 'monitor') === '') return;
  for (const origin of list(pool, 'origins')) {
    if (flag(origin, 'enabled') === false) continue;
    out.add(
      'cloudflare_pool_origin_health_status',
      { account, pool_name: text(pool, 'name'), origin_name: text(origin, 'name'), ip: text(origin, 'address') },
      flag(origin, 'healthy') === false ? 0 : 1,
    );
  }
}
