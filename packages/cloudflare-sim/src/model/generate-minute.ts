import type { Cell, CellDims } from './cell.js';
import {
  botScores,
  browsers,
  CACHED_STATUSES,
  colosFor,
  contentTypeDist,
  contentTypeInfo,
  countries,
  deviceTypes,
  dynamicCacheStatus,
  dynamicStatuses,
  httpProtocols,
  ipClasses,
  methods,
  MITIGATING_ACTIONS,
  okStatuses,
  requestSources,
  securityActions,
  securitySources,
  sslProtocols,
  staticCacheStatus,
  threatPathingName,
} from './catalog.js';
import { hashOf, hexTag, Rng } from './random.js';
import type { ZoneProfile } from './zones.js';

/** Requests are drawn in at most this many batches per zone-minute, which bounds the cells (and query cost). */
const MAX_BATCHES = 120;
const MINUTES_PER_DAY = 1440;

export interface FinalMinute {
  readonly cells: readonly Cell[];
  readonly uniques: number;
}

interface Draw {
  dims: CellDims;
  ipClass: string;
  ruleId: string;
}

/** The final (settled) traffic of one zone-minute: a pure function of (seed, zone, minute). */
export function generateMinute(seed: number, zone: ZoneProfile, minuteMs: number): FinalMinute {
  const rng = new Rng(hashOf(seed, 'minute', zone.index, minuteMs));
  const minuteOfDay = Math.floor(minuteMs / 60_000) % MINUTES_PER_DAY;
  const diurnal = 1 + 0.45 * Math.sin((2 * Math.PI * (minuteOfDay / 60 - 9 + zone.phase)) / 24);
  const requests = Math.max(0, Math.round(zone.scale * diurnal * (1 + 0.12 * rng.normal())));
  const cells = new Map<string, MutableCell>();

  splitIntoBatches(requests, (size) => addBatch(cells, size, drawRequest(seed, zone, rng), rng));
  if (requests > 0 && rng.next() < zone.attackRate) {
    // An attack burst from one country, mitigated by rate limiting or L7 DDoS protection.
    const burst = Math.round(requests * rng.between(0.3, 1.5));
    const country = countries.pick(rng);
    const source = rng.next() < 0.5 ? 'l7ddos' : 'ratelimit';
    splitIntoBatches(burst, (size) => addBatch(cells, size, drawAttack(seed, zone, rng, country, source), rng), 12);
  }

  const all = [...cells.values()].map(freeze);
  const total = all.reduce((sum, c) => sum + c.count, 0);
  const uniques = total === 0 ? 0 : Math.max(1, Math.round(total * zone.uniqueRatio * rng.between(0.9, 1.1)));
  return { cells: all, uniques };
}

function splitIntoBatches(total: number, add: (size: number) => void, maxBatches = MAX_BATCHES): void {
  const batches = Math.min(total, maxBatches);
  if (batches <= 0) return;
  const base = Math.floor(total / batches);
  const extra = total % batches;
  for (let i = 0; i < batches; i++) add(base + (i < extra ? 1 : 0));
}

function drawRequest(seed: number, zone: ZoneProfile, rng: Rng): Draw {
  const country = countries.pick(rng);
  const contentType = contentTypeDist.pick(rng);
  const cacheable = contentTypeInfo.get(contentType)?.cacheable ?? false;
  let cacheStatus = (cacheable ? staticCacheStatus : dynamicCacheStatus).pick(rng);
  let edgeStatus = (cacheable ? okStatuses : dynamicStatuses).pick(rng);
  let securityAction = '';
  let securitySource = '';
  let ruleId = '';
  if (rng.next() < zone.mitigationRate) {
    securitySource = securitySources.pick(rng);
    securityAction = securityActions.pick(rng);
    ruleId = hexTag(seed, 'rule', zone.index, securitySource, rng.int(3));
    if (MITIGATING_ACTIONS.has(securityAction)) {
      edgeStatus = 403;
      cacheStatus = 'dynamic';
    }
  }
  return {
    dims: commonDims(zone, rng, country, contentType, cacheStatus, edgeStatus, securityAction, securitySource),
    ipClass: ipClasses.pick(rng),
    ruleId,
  };
}

function drawAttack(seed: number, zone: ZoneProfile, rng: Rng, country: string, source: string): Draw {
  const dims = commonDims(zone, rng, country, 'html', 'dynamic', 403, 'block', source);
  return {
    dims: { ...dims, botScore: 1, userAgentBrowser: 'Bot' },
    ipClass: 'badHost',
    ruleId: hexTag(seed, 'rule', zone.index, source, 0),
  };
}

function commonDims(
  zone: ZoneProfile,
  rng: Rng,
  country: string,
  contentType: string,
  cacheStatus: string,
  edgeStatus: number,
  securityAction: string,
  securitySource: string,
): CellDims {
  const ssl = sslProtocols.pick(rng);
  const fromOrigin = !CACHED_STATUSES.has(cacheStatus) && edgeStatus !== 403 && edgeStatus < 520;
  return {
    clientCountryName: country,
    coloCode: colosFor(country).pick(rng),
    clientRequestHTTPHost: zone.hosts.pick(rng),
    clientRequestHTTPMethodName: methods.pick(rng),
    clientRequestHTTPProtocol: httpProtocols.pick(rng),
    clientSSLProtocol: ssl,
    clientRequestScheme: ssl === 'none' ? 'http' : 'https',
    clientDeviceType: deviceTypes.pick(rng),
    edgeResponseStatus: edgeStatus,
    originResponseStatus: fromOrigin ? edgeStatus : 0,
    cacheStatus,
    edgeResponseContentTypeName: contentType,
    requestSource: requestSources.pick(rng),
    userAgentBrowser: browsers.pick(rng),
    securityAction,
    securitySource,
    botScore: botScores.pick(rng),
  };
}

interface MutableCell {
  key: string;
  draw: Draw;
  count: number;
  edgeResponseBytes: number;
  edgeRequestBytes: number;
  visits: number;
  edgeTimeToFirstByteMs: number;
  originResponseDurationMs: number;
}

function addBatch(cells: Map<string, MutableCell>, size: number, draw: Draw, rng: Rng): void {
  const d = draw.dims;
  const key = `${Object.values(d).join('|')}|${draw.ipClass}|${draw.ruleId}`;
  const meanBytes =
    d.edgeResponseStatus === 304
      ? 300
      : d.edgeResponseStatus === 403
        ? 2_000
        : (contentTypeInfo.get(d.edgeResponseContentTypeName)?.bytes ?? 1_000);
  const cached = CACHED_STATUSES.has(d.cacheStatus);
  const isPage =
    d.edgeResponseContentTypeName === 'html' && d.edgeResponseStatus === 200 && d.requestSource === 'eyeball';
  const add = {
    count: size,
    edgeResponseBytes: Math.round(size * meanBytes * rng.between(0.8, 1.2)),
    edgeRequestBytes: Math.round(size * rng.between(500, 1_200)),
    visits: isPage ? Math.round(size * rng.between(0.3, 0.6)) : 0,
    edgeTimeToFirstByteMs: Math.round(size * (cached ? rng.between(5, 40) : rng.between(60, 400))),
    originResponseDurationMs: d.originResponseStatus === 0 ? 0 : Math.round(size * rng.between(40, 350)),
  };
  const existing = cells.get(key);
  if (existing === undefined) {
    cells.set(key, { key, draw, ...add });
    return;
  }
  existing.count += add.count;
  existing.edgeResponseBytes += add.edgeResponseBytes;
  existing.edgeRequestBytes += add.edgeRequestBytes;
  existing.visits += add.visits;
  existing.edgeTimeToFirstByteMs += add.edgeTimeToFirstByteMs;
  existing.originResponseDurationMs += add.originResponseDurationMs;
}

function freeze(c: MutableCell): Cell {
  const d = c.draw.dims;
  const threat = MITIGATING_ACTIONS.has(d.securityAction);
  return {
    key: c.key,
    dims: d,
    count: c.count,
    edgeResponseBytes: c.edgeResponseBytes,
    edgeRequestBytes: c.edgeRequestBytes,
    visits: c.visits,
    edgeTimeToFirstByteMs: c.edgeTimeToFirstByteMs,
    originResponseDurationMs: c.originResponseDurationMs,
    ipClass: c.draw.ipClass,
    ruleId: c.draw.ruleId,
    threatPathing: threat ? threatPathingName(d.securitySource) : '',
    cached: CACHED_STATUSES.has(d.cacheStatus),
    encrypted: d.clientSSLProtocol !== 'none',
    pageView: d.edgeResponseContentTypeName === 'html' && d.edgeResponseStatus === 200 && d.requestSource === 'eyeball',
    threat,
    // A quarter of the colos report one step late, so series of one bucket settle at different polls.
    lag: hashOf(0, c.key) % 4 === 0 ? 1 : 0,
  };
}
