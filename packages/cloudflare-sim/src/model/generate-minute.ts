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
  // One cell per batch: identical combinations are not merged here (queries group them anyway), which keeps
  // generation to a few hundred nanoseconds per batch.
  const cells: Cell[] = [];
  const add = (size: number, draw: Draw): void => {
    cells.push(makeCell(`${zone.index}:${minuteMs}:${cells.length}`, size, draw, rng));
  };
  splitIntoBatches(requests, (size) => add(size, drawRequest(seed, zone, rng)));
  if (requests > 0 && rng.next() < zone.attackRate) {
    // An attack burst from one country, mitigated by rate limiting or L7 DDoS protection.
    const burst = Math.round(requests * rng.between(0.3, 1.5));
    const country = countries.pick(rng);
    const source = rng.next() < 0.5 ? 'l7ddos' : 'ratelimit';
    splitIntoBatches(burst, (size) => add(size, drawAttack(seed, zone, rng, country, source)), 12);
  }
  const total = cells.reduce((sum, c) => sum + c.count, 0);
  const uniques = total === 0 ? 0 : Math.max(1, Math.round(total * zone.uniqueRatio * rng.between(0.9, 1.1)));
  return { cells, uniques };
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
    ruleId = ruleIdOf(seed, zone.index, securitySource, rng.int(3));
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

const ruleIds = new Map<string, string>();

/** Rule ids are stable per (zone, source, rule number); cached because hashing 32 hex characters is not free. */
function ruleIdOf(seed: number, zone: number, source: string, n: number): string {
  const key = `${seed}:${zone}:${source}:${n}`;
  let id = ruleIds.get(key);
  if (id === undefined) {
    id = hexTag(seed, 'rule', zone, source, n);
    if (ruleIds.size > 100_000) ruleIds.clear();
    ruleIds.set(key, id);
  }
  return id;
}

function makeCell(key: string, size: number, draw: Draw, rng: Rng): Cell {
  const d = draw.dims;
  const meanBytes =
    d.edgeResponseStatus === 304
      ? 300
      : d.edgeResponseStatus === 403
        ? 2_000
        : (contentTypeInfo.get(d.edgeResponseContentTypeName)?.bytes ?? 1_000);
  const cached = CACHED_STATUSES.has(d.cacheStatus);
  const pageView =
    d.edgeResponseContentTypeName === 'html' && d.edgeResponseStatus === 200 && d.requestSource === 'eyeball';
  const threat = MITIGATING_ACTIONS.has(d.securityAction);
  return {
    key,
    dims: d,
    count: size,
    edgeResponseBytes: Math.round(size * meanBytes * rng.between(0.8, 1.2)),
    edgeRequestBytes: Math.round(size * rng.between(500, 1_200)),
    visits: pageView ? Math.round(size * rng.between(0.3, 0.6)) : 0,
    edgeTimeToFirstByteMs: Math.round(size * (cached ? rng.between(5, 40) : rng.between(60, 400))),
    originResponseDurationMs: d.originResponseStatus === 0 ? 0 : Math.round(size * rng.between(40, 350)),
    ipClass: draw.ipClass,
    ruleId: draw.ruleId,
    threatPathing: threat ? threatPathingName(d.securitySource) : '',
    cached,
    encrypted: d.clientSSLProtocol !== 'none',
    pageView,
    threat,
    // A quarter of the traffic reports one step late (slow colos), so series of one bucket settle at different polls.
    lag: rng.next() < 0.25 ? 1 : 0,
  };
}
