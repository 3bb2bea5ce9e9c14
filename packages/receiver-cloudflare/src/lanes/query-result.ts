import type { QueryFailure, QueryOutcome } from '../client/graphql-client.js';
import type { QueryResult } from '../telemetry.js';

/** The `result` label a query's outcome is counted under in `settle_cloudflare_queries`. */
export function resultOf(outcome: QueryOutcome): QueryResult {
  const f: QueryFailure | undefined = outcome.failure;
  if (f === undefined) {
    const classes = [...outcome.zoneErrors.values()].map((e) => e.class);
    if (classes.includes('bad_query')) return 'bad_query';
    if (classes.includes('skip')) return 'permission';
    // A reply missing a zone's tag or dataset list, with no error saying why: data may be missing.
    return (outcome.reply?.anomalies.length ?? 0) > 0 ? 'partial' : 'ok';
  }
  if (f.malformed === true) return 'malformed';
  switch (f.class) {
    case 'retry':
      return 'retry';
    case 'rate_limited':
      return 'rate_limited';
    case 'skip':
      return 'permission';
    case 'bad_query':
      return 'bad_query';
    case 'auth':
      return 'auth';
  }
}

/** "cannot request data older than 2678400s" → 2678400000 ms. */
export function retentionOf(message: string): number | undefined {
  const m = /older than (\d+)\s*s\b/i.exec(message);
  return m === null ? undefined : Number(m[1]) * 1000;
}
