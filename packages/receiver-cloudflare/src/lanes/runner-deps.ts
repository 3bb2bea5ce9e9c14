import type { Clock, Logger } from '@settle/core';
import type { GraphqlClient } from '../client/graphql-client.js';
import type { RateLimiter } from '../limiter/rate-limiter.js';
import type { Telemetry } from '../telemetry.js';
import type { Activity } from './activity.js';
import type { SkipList } from './skip-list.js';

// What a query runner works with; its own file so send-query.ts can name it without importing the runner.
export interface RunnerDeps {
  readonly client: GraphqlClient;
  readonly limiter: RateLimiter;
  readonly skips: SkipList;
  readonly telemetry: Telemetry;
  readonly activity: Activity;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Rows per zone per query. */
  readonly limit: number;
  /** Called when Cloudflare refuses the credentials themselves. */
  readonly onAuthRefused: (detail: string) => void;
  /** Called after any query that got data back. */
  readonly onSuccess: () => void;
}
