/**
 * An error Cloudflare reports for a whole query (HTTP status + one `errors[]` entry, `data: null`).
 * Messages start with Cloudflare's own wording so clients can classify them the same way.
 */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

export const MAX_PAGE_SIZE = 10_000;
export const MAX_ZONES_PER_QUERY = 10;

export const messages = {
  limit: (max: number) => `limit must be positive number and not greater than ${max}`,
  olderThan: (seconds: number) => `cannot request data older than ${seconds}s`,
  rangeTooLarge: (seconds: number) => `query time range is too large, max duration is ${seconds}s`,
  noRange: (seconds: number) =>
    `query time range is too large, a filter on datetime (at most ${seconds}s wide) is required`,
  tooManyZones: (max: number) => `number of zones can't be more than ${max}`,
  zonesNotAuthorized: (tags: readonly string[]) => `zones [${tags.join(' ')}] are not authorized`,
  accountNotAuthorized: 'not authorized for that account',
  noAccess: (zoneTag: string) => `zone '${zoneTag}' does not have access to the path`,
  plan: (dataset: string) => `${dataset} is not available for your plan. Upgrade to Enterprise plan to get access`,
  unavailable: 'unable to execute query, please try again later',
  tooManyInProgress: 'too many queries in progress, please try again later',
  quota: 'quota exceeded, please repeat your request in the next minute',
  budget: 'rate limiter budget depleted, try again after 5 minutes',
  authentication: 'Authentication error',
} as const;
