import { hashOf, hexTag } from '../model/random.js';
import type { SimulatorCore } from '../simulator.js';
import { rest, restError, type Reply } from './reply.js';

/**
 * The REST reads of account state and rule names: Cloudflare Tunnels and their connectors, load-balancer
 * pools, and zone rulesets (rule id → description). Shapes follow Cloudflare's API v4 as lablabs/
 * cloudflare-exporter reads it (cloudflare-go v4 `zero_trust/tunnels`, `load_balancers/pools`, `rulesets`).
 */

const TEN_MINUTES = 600_000;
const TUNNELS = [
  ['office', 2],
  ['staging', 1],
  ['legacy', 0],
] as const;

function listReply(items: readonly unknown[]): Reply {
  return rest(200, items, {
    result_info: {
      page: 1,
      per_page: Math.max(items.length, 20),
      count: items.length,
      total_count: items.length,
      total_pages: 1,
    },
  });
}

/** Tunnel status: `staging` is degraded about one 10-minute stretch in three, `legacy` has never run. */
function tunnelStatus(sim: SimulatorCore, name: string, now: number): string {
  if (name === 'legacy') return 'inactive';
  if (name === 'staging' && hashOf(sim.seed, 'tunnel', Math.floor(now / TEN_MINUTES)) % 3 === 0) return 'degraded';
  return 'healthy';
}

function tunnels(sim: SimulatorCore, now: number): Record<string, unknown>[] {
  return TUNNELS.map(([name]) => ({
    id: tunnelId(sim, name),
    account_tag: sim.accountTag,
    name,
    tun_type: 'cfd_tunnel',
    status: tunnelStatus(sim, name, now),
    created_at: '2024-01-01T00:00:00Z',
    deleted_at: null,
  }));
}

function tunnelId(sim: SimulatorCore, name: string): string {
  const h = hexTag(sim.seed, 'tunnel', name);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function connectors(sim: SimulatorCore, name: string, now: number): Record<string, unknown>[] {
  const count = TUNNELS.find(([n]) => n === name)?.[1] ?? 0;
  const degraded = tunnelStatus(sim, name, now) === 'degraded';
  return Array.from({ length: count }, (_, i) => ({
    id: hexTag(sim.seed, 'connector', name, i).slice(0, 32),
    arch: i === 0 ? 'linux_amd64' : 'linux_arm64',
    version: '2025.1.0',
    run_at: '2025-01-01T00:00:00Z',
    conns: Array.from({ length: degraded ? 1 : 4 }, (_, c) => ({
      id: hexTag(sim.seed, 'conn', name, i, c).slice(0, 32),
      colo_name: ['ams01', 'fra02', 'lhr01', 'cdg01'][c],
      is_pending_reconnect: false,
      origin_ip: `198.51.100.${10 + i}`,
      opened_at: '2025-01-01T00:00:00Z',
    })),
  }));
}

function pools(sim: SimulatorCore, now: number): Record<string, unknown>[] {
  const flaky = hashOf(sim.seed, 'pool-origin', Math.floor(now / TEN_MINUTES)) % 4 === 0;
  return ['eu-pool', 'us-pool'].map((name, p) => ({
    id: hexTag(sim.seed, 'pool', name).slice(0, 32),
    name,
    enabled: true,
    monitor: hexTag(sim.seed, 'monitor').slice(0, 32),
    origins: [0, 1].map((o) => ({
      name: `${name}-origin-${o + 1}`,
      address: `203.0.113.${p * 10 + o + 1}`,
      enabled: true,
      weight: 1,
      // The second origin of us-pool fails its monitor now and then.
      healthy: !(p === 1 && o === 1 && flaky),
    })),
  }));
}

const PHASES: Readonly<Record<string, string>> = {
  http_request_firewall_managed: 'firewallManaged',
  http_request_firewall_custom: 'firewallCustom',
};

function rulesetId(sim: SimulatorCore, zoneIndex: number, phase: string): string {
  return hexTag(sim.seed, 'ruleset', zoneIndex, phase).slice(0, 32);
}

/** The rules behind the firewall events' `ruleId`s of the managed and custom firewall sources. */
function ruleset(sim: SimulatorCore, zoneIndex: number, phase: string): Record<string, unknown> {
  const source = PHASES[phase] ?? '';
  return {
    id: rulesetId(sim, zoneIndex, phase),
    name: phase === 'http_request_firewall_managed' ? 'Cloudflare Managed Ruleset' : 'default',
    kind: phase === 'http_request_firewall_managed' ? 'managed' : 'zone',
    phase,
    rules: [0, 1, 2].map((n) => ({
      id: hexTag(sim.seed, 'rule', zoneIndex, source, n),
      action: 'block',
      description: source === 'firewallManaged' ? `Managed rule ${n + 1}: SQLi probe` : `Block bad bots ${n + 1}`,
      enabled: true,
    })),
  };
}

/** Answers the extra REST paths, or undefined when the path is not one of them. */
export function handleExtraRest(sim: SimulatorCore, path: string, now: number): Reply | undefined {
  const account =
    /^\/client\/v4\/accounts\/([^/]+)\/(cfd_tunnel|load_balancers\/pools)(?:\/([^/]+)\/connections)?$/.exec(path);
  if (account !== null) {
    if (account[1] !== sim.accountTag) return restError(403, 10000, 'Authentication error');
    if (account[2] === 'load_balancers/pools') return listReply(pools(sim, now));
    if (account[3] === undefined) return listReply(tunnels(sim, now));
    const tunnel = TUNNELS.find(([name]) => tunnelId(sim, name) === account[3]);
    if (tunnel === undefined) return restError(404, 1003, 'Tunnel not found');
    return listReply(connectors(sim, tunnel[0], now));
  }
  const zone = /^\/client\/v4\/zones\/([^/]+)\/rulesets(?:\/([^/]+))?$/.exec(path);
  if (zone !== null) {
    const profile = sim.zoneByTag(zone[1] ?? '');
    if (profile === undefined)
      return restError(404, 7003, `Could not route to ${path}, perhaps your object identifier is invalid?`);
    const phases = Object.keys(PHASES);
    if (zone[2] === undefined) {
      return rest(
        200,
        phases.map((phase) => {
          const { rules: _rules, ...summary } = ruleset(sim, profile.index, phase);
          return summary;
        }),
      );
    }
    const phase = phases.find((p) => rulesetId(sim, profile.index, p) === zone[2]);
    if (phase === undefined) return restError(404, 10003, 'Ruleset not found');
    return rest(200, ruleset(sim, profile.index, phase));
  }
  return undefined;
}
