import { Categorical } from './random.js';

export { colosFor, countries } from './catalog-geo.js';

/**
 * The value catalogues of the traffic model. Names are the ones Cloudflare returns (ISO country codes, IATA colo
 * codes, its content-type and cache-status vocabularies) so label values downstream look like production.
 */

export const methods = new Categorical<string>([
  ['GET', 85],
  ['POST', 10],
  ['HEAD', 3],
  ['PUT', 1],
  ['OPTIONS', 1],
]);
export const httpProtocols = new Categorical<string>([
  ['HTTP/2', 60],
  ['HTTP/3', 25],
  ['HTTP/1.1', 15],
]);
export const sslProtocols = new Categorical<string>([
  ['TLSv1.3', 80],
  ['TLSv1.2', 15],
  ['none', 5],
]);
export const deviceTypes = new Categorical<string>([
  ['desktop', 55],
  ['mobile', 42],
  ['tablet', 3],
]);
export const browsers = new Categorical<string>([
  ['Chrome', 50],
  ['Safari', 20],
  ['ChromeMobile', 10],
  ['Firefox', 6],
  ['Edge', 6],
  ['SamsungInternet', 3],
  ['Opera', 2],
  ['Bot', 3],
]);
export const requestSources = new Categorical<string>([
  ['eyeball', 97],
  ['edgeWorkerFetch', 3],
]);
export const ipClasses = new Categorical<string>([
  ['noRecord', 80],
  ['clean', 8],
  ['searchEngine', 5],
  ['monitoringService', 2],
  ['badHost', 3],
  ['tor', 1],
  ['scan', 1],
]);
export const botScores = new Categorical<number>([
  [99, 70],
  [50, 10],
  [30, 10],
  [1, 10],
]);

/** Content type → [weight, mean response bytes, cacheable]. */
export const contentTypes: readonly (readonly [string, number, number, boolean])[] = [
  ['html', 20, 30_000, false],
  ['json', 20, 3_000, false],
  ['js', 15, 60_000, true],
  ['css', 8, 20_000, true],
  ['png', 10, 40_000, true],
  ['jpeg', 8, 80_000, true],
  ['webp', 5, 30_000, true],
  ['svg', 3, 5_000, true],
  ['woff2', 4, 25_000, true],
  ['txt', 2, 1_000, false],
  ['empty', 5, 0, false],
];
export const contentTypeDist = new Categorical<string>(contentTypes.map(([name, w]) => [name, w] as const));
export const contentTypeInfo = new Map(contentTypes.map(([name, , bytes, cacheable]) => [name, { bytes, cacheable }]));

export const staticCacheStatus = new Categorical<string>([
  ['hit', 75],
  ['miss', 14],
  ['expired', 3],
  ['revalidated', 2],
  ['stale', 1],
  ['updating', 1],
  ['dynamic', 4],
]);
export const dynamicCacheStatus = new Categorical<string>([
  ['dynamic', 80],
  ['bypass', 8],
  ['hit', 7],
  ['miss', 5],
]);
/** Statuses served from cache never reach the origin (originResponseStatus 0). */
export const CACHED_STATUSES: ReadonlySet<string> = new Set(['hit', 'stale', 'updating', 'revalidated']);

export const okStatuses = new Categorical<number>([
  [200, 90],
  [304, 5],
  [301, 1],
  [302, 1],
  [404, 3],
]);
export const dynamicStatuses = new Categorical<number>([
  [200, 88],
  [201, 1],
  [301, 1],
  [302, 2],
  [400, 1],
  [401, 1],
  [404, 4],
  [500, 0.6],
  [502, 0.4],
  [503, 0.3],
  [504, 0.2],
  [520, 0.2],
  [522, 0.2],
  [524, 0.1],
]);

/** Firewall sources and actions for background (non-attack) mitigations. */
export const securitySources = new Categorical<string>([
  ['firewallManaged', 40],
  ['firewallCustom', 25],
  ['bic', 10],
  ['securitylevel', 10],
  ['ratelimit', 10],
  ['hot', 5],
]);
export const securityActions = new Categorical<string>([
  ['block', 45],
  ['managed_challenge', 25],
  ['jschallenge', 5],
  ['challenge', 5],
  ['log', 15],
  ['skip', 5],
]);
/** Actions that stop the request (403 at the edge) and count as threats in httpRequests1mGroups. */
export const MITIGATING_ACTIONS: ReadonlySet<string> = new Set([
  'block',
  'managed_challenge',
  'jschallenge',
  'challenge',
]);

export function threatPathingName(source: string): string {
  switch (source) {
    case 'bic':
      return 'bic.ban.unknown';
    case 'hot':
      return 'hot.ban.unknown';
    case 'firewallCustom':
      return 'user.ban.ip';
    case 'securitylevel':
      return 'macro.chl.captchaErr';
    default:
      return 'unknown';
  }
}
