import { sleep } from '@settle/core';
import type { QueryOutcome } from '../client/graphql-client.js';
import type { DatasetSpec } from '../datasets/types.js';
import type { Lane } from '../limiter/rate-limiter.js';
import { buildZoneQuery } from '../query/build-query.js';
import type { ZoneInfo } from '../query/rows-to-points.js';
import type { RunnerDeps } from './runner-deps.js';
import { resultOf } from './query-result.js';
import { backoffDelay, type TimeRange } from './schedule.js';

const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 60_000;

/**
 * Sends one query until it gets an answer worth reading: waits for the rate limiter before each try, retries
 * transient failures with backoff (or Retry-After), and slows the limiter down when Cloudflare rate-limits.
 * Undefined when transient failures persisted for `maxAttempts` tries.
 */
export async function sendQuery(
  deps: RunnerDeps,
  spec: DatasetSpec,
  zones: readonly ZoneInfo[],
  range: TimeRange,
  lane: Lane,
  maxAttempts: number,
): Promise<QueryOutcome | undefined> {
  const { limiter, client, clock, signal, telemetry, activity, logger } = deps;
  const tags = zones.map((z) => z.tag);
  const request = buildZoneQuery(spec, {
    zoneTags: tags,
    sinceMs: range.sinceMs,
    untilMs: range.untilMs,
    limit: deps.limit,
  });
  for (let attempt = 1; ; attempt++) {
    const slot = await limiter.acquire(lane, signal);
    const outcome = await activity.track(client.query(request, spec.dataset, tags, signal));
    slot.answered();
    const failure = outcome.failure;
    telemetry.query(spec.id, resultOf(outcome));
    if (failure === undefined || (failure.class !== 'retry' && failure.class !== 'rate_limited')) {
      if (outcome.reply !== undefined && outcome.reply.zones.length > 0) deps.onSuccess();
      return outcome;
    }
    const log = { dataset: spec.id, lane, zones: zones.length, attempt, error: failure.detail };
    if (failure.class === 'rate_limited') {
      // Cloudflare's wait when it said one (clamped by core's Retry-After parser), else the backoff.
      limiter.penalize(failure.retryAfterMs ?? backoffDelay(attempt, BACKOFF_BASE_MS, BACKOFF_CAP_MS));
      logger.warn({ ...log, retry_after_ms: failure.retryAfterMs }, 'rate limited by Cloudflare; slowing down');
    }
    if (attempt >= maxAttempts) {
      logger.warn(log, 'query failed; giving up for now');
      return undefined;
    }
    if (failure.class === 'retry') {
      logger.debug(log, 'transient query failure; retrying');
      await sleep(clock, failure.retryAfterMs ?? backoffDelay(attempt, BACKOFF_BASE_MS, BACKOFF_CAP_MS), signal);
    }
  }
}
