import type { IncomingHttpHeaders } from 'node:http';
import { hexTag } from '../model/random.js';
import type { ZoneProfile } from '../model/zones.js';
import type { SimulatorCore } from '../simulator.js';
import { credentialOf } from './auth.js';
import { rest, restError, type Reply } from './reply.js';
import { handleExtraRest } from './rest-extra.js';

const CREATED = '2020-01-01T00:00:00.000000Z';

/** A zone as GET /zones returns it (the fields clients read; plan is Enterprise, never the free plan id). */
function zoneJson(sim: SimulatorCore, zone: ZoneProfile): Record<string, unknown> {
  return {
    id: zone.tag,
    name: zone.name,
    status: 'active',
    paused: false,
    type: 'full',
    development_mode: 0,
    name_servers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'],
    original_name_servers: null,
    original_registrar: null,
    original_dnshost: null,
    created_on: CREATED,
    modified_on: CREATED,
    activated_on: CREATED,
    account: { id: sim.accountTag, name: 'Simulated account' },
    owner: { id: null, type: 'user', email: null },
    permissions: ['#analytics:read', '#zone:read'],
    plan: {
      id: '94f3b7b768b0458b56d2cac4fe5ec0f9',
      name: 'Enterprise Website',
      price: 0,
      currency: 'USD',
      frequency: '',
      is_subscribed: true,
      can_subscribe: false,
      legacy_id: 'enterprise',
      legacy_discount: false,
      externally_managed: false,
    },
  };
}

function intParam(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) ? n : fallback;
}

/** REST endpoints under /client/v4: token verify, accounts, zones list (paginated) and zone details. */
export function handleRest(sim: SimulatorCore, method: string, url: URL, headers: IncomingHttpHeaders): Reply {
  const token = credentialOf(headers);
  const path = url.pathname.replace(/\/+$/, '');
  const verify = path === '/client/v4/user/tokens/verify';
  if (token === undefined || !sim.tokens.has(token)) {
    sim.counters.authFailures++;
    return verify ? restError(401, 1000, 'Invalid API Token') : restError(403, 10000, 'Authentication error');
  }
  const now = sim.clock.now();
  const admission = sim.restQuota.tryAcquire(token, now);
  if (!admission.ok) {
    sim.counters.restRateLimited++;
    const retryAfter = String(Math.max(1, Math.ceil(admission.retryAfterMs / 1000)));
    return restError(429, 971, 'Please wait and consider throttling your request speed', { 'retry-after': retryAfter });
  }
  sim.counters.restRequests++;
  if (method !== 'GET') return restError(405, 10405, `Method ${method} not allowed`);
  if (verify) {
    return rest(
      200,
      { id: hexTag(sim.seed, 'token', token), status: 'active' },
      {
        messages: [{ code: 10000, message: 'This API Token is valid and active', type: null }],
      },
    );
  }
  if (path === '/client/v4/accounts') {
    return rest(200, [{ id: sim.accountTag, name: 'Simulated account', type: 'standard' }], {
      result_info: { page: 1, per_page: 20, count: 1, total_count: 1, total_pages: 1 },
    });
  }
  if (path === '/client/v4/zones') return listZones(sim, url);
  const one = /^\/client\/v4\/zones\/([^/]+)$/.exec(path);
  if (one !== null) {
    const zone = sim.zoneByTag(one[1] ?? '');
    if (zone === undefined)
      return restError(404, 7003, `Could not route to ${path}, perhaps your object identifier is invalid?`);
    return rest(200, zoneJson(sim, zone));
  }
  return handleExtraRest(sim, path, now) ?? restError(404, 7000, 'No route for that URI');
}

function listZones(sim: SimulatorCore, url: URL): Reply {
  const account = url.searchParams.get('account.id');
  const name = url.searchParams.get('name');
  let zones = [...sim.profiles];
  if (account !== null && account !== sim.accountTag) zones = [];
  if (name !== null) zones = zones.filter((z) => z.name === name);
  // Cloudflare clamps per_page to 5..50 (default 20); clients asking for more must follow total_pages.
  const perPage = Math.min(50, Math.max(5, intParam(url, 'per_page', 20)));
  const page = Math.max(1, intParam(url, 'page', 1));
  const slice = zones.slice((page - 1) * perPage, page * perPage);
  return rest(
    200,
    slice.map((z) => zoneJson(sim, z)),
    {
      result_info: {
        page,
        per_page: perPage,
        count: slice.length,
        total_count: zones.length,
        total_pages: Math.max(1, Math.ceil(zones.length / perPage)),
      },
    },
  );
}
