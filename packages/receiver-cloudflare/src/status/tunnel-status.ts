import { text, list, type GaugeReadings } from './gauges.js';

/** lablabs' values for `cloudflare_tunnel_health_status`: Cloudflare's tunnel `status`, as a number. */
const STATUS_VALUE: Readonly<Record<string, number>> = { down: 0, healthy: 1, degraded: 2, inactive: 3 };
/** A status the API added later: not one of the four above. */
export const UNKNOWN_STATUS = 255;

/**
 * Cloudflare Tunnel status, as lablabs/cloudflare-exporter exposes it, from REST `GET /accounts/{id}/cfd_tunnel`
 * (`id`, `name`, `tun_type`, `status`) and `GET /accounts/{id}/cfd_tunnel/{tunnel}/connections` (connectors:
 * `id`, `version`, `arch`, `conns[]` with `origin_ip`).
 */
export function addTunnelReadings(
  out: GaugeReadings,
  account: string,
  tunnel: unknown,
  connectors: readonly unknown[],
): void {
  const tunnelId = text(tunnel, 'id');
  if (tunnelId === '') return;
  out.add(
    'cloudflare_tunnel_info',
    { account, tunnel_id: tunnelId, tunnel_name: text(tunnel, 'name'), tunnel_type: text(tunnel, 'tun_type') },
    1,
  );
  out.add(
    'cloudflare_tunnel_health_status',
    { account, tunnel_id: tunnelId },
    STATUS_VALUE[text(tunnel, 'status')] ?? UNKNOWN_STATUS,
  );
  for (const c of connectors) {
    const clientId = text(c, 'id');
    if (clientId === '') continue;
    const conns = list(c, 'conns');
    out.add(
      'cloudflare_tunnel_connector_info',
      {
        account,
        tunnel_id: tunnelId,
        client_id: clientId,
        version: text(c, 'version'),
        arch: text(c, 'arch'),
        origin_ip: text(conns[0], 'origin_ip'),
      },
      1,
    );
    out.add(
      'cloudflare_tunnel_connector_active_connections',
      { account, tunnel_id: tunnelId, client_id: clientId },
      conns.length,
    );
  }
}
