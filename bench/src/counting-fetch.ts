/** GraphQL queries sent and rate-limit refusals seen by one strategy, counted where its HTTP leaves the process. */
export interface RequestCounts {
  queries: number;
  rateLimited: number;
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

const RATE_LIMIT = /quota exceeded|rate limiter budget depleted/i;

/**
 * A fetch that counts GraphQL queries and the replies refused for rate (HTTP 429, or Cloudflare's HTTP 200 with
 * a quota error), so each strategy's figures are its own even though all share one simulator. REST calls
 * (token check, zone names) are not analytics queries and are not counted.
 */
export function countingFetch(counts: RequestCounts): Fetch {
  return async (url, init) => {
    const graphql = url.endsWith('/graphql');
    if (graphql) counts.queries++;
    const res = await fetch(url, init);
    if (!graphql) return res;
    if (res.status === 429) counts.rateLimited++;
    else if (res.ok && RATE_LIMIT.test(await res.clone().text())) counts.rateLimited++;
    return res;
  };
}
