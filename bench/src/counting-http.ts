import { HttpTransport, type HttpExchange } from '@settle/core';

/** GraphQL queries sent and rate-limit refusals seen by one strategy, counted where its HTTP leaves the process. */
export interface RequestCounts {
  queries: number;
  rateLimited: number;
}

const RATE_LIMIT = /quota exceeded|rate limiter budget depleted/i;

/**
 * Core's HTTP transport, counting GraphQL queries and the replies refused for rate (HTTP 429, or Cloudflare's
 * HTTP 200 with a quota error), so each strategy's figures are its own even though all share one simulator.
 * REST calls (token check, zone names) are not analytics queries and are not counted.
 */
export function countingHttp(counts: RequestCounts): HttpExchange {
  const transport = new HttpTransport();
  return {
    async request(req) {
      const graphql = String(req.url).endsWith('/graphql');
      if (graphql) counts.queries++;
      const res = await transport.request(req);
      if (!graphql) return res;
      if (res.status === 429) counts.rateLimited++;
      else if (res.status >= 200 && res.status < 300 && RATE_LIMIT.test(res.body.toString('utf8')))
        counts.rateLimited++;
      return res;
    },
  };
}
