import type { RetryConfig } from './config.js';

/**
 * A peer's Retry-After is honoured even beyond max_interval (it knows its own load better than we do), but
 * capped so a buggy or hostile header cannot park an exporter for hours.
 */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: 'retry_disabled' | 'retries_exhausted' };

/**
 * The wait before retry number `attempt` (0 = the first retry), as in the Collector (cenkalti/backoff):
 * initial × multiplier^attempt, capped at max_interval, then spread by ± randomization_factor.
 * `random` is a number in [0, 1), injected so tests are deterministic.
 */
export function backoffDelay(config: RetryConfig, attempt: number, random: number): number {
  const base = Math.min(config.initial_interval * config.multiplier ** attempt, config.max_interval);
  const spread = config.randomization_factor * base;
  return Math.max(0, Math.round(base - spread + 2 * spread * random));
}

/**
 * Whether to retry after a transient failure, and how long to wait. `elapsedMs` is the time since the first
 * attempt; a retry that would end after max_elapsed_time is not started ("0" means retry forever).
 */
export function decideRetry(
  config: RetryConfig,
  attempt: number,
  elapsedMs: number,
  retryAfterMs: number | undefined,
  random: number,
): RetryDecision {
  if (!config.enabled) return { retry: false, reason: 'retry_disabled' };
  const delayMs =
    retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
      ? Math.min(retryAfterMs, MAX_RETRY_AFTER_MS)
      : backoffDelay(config, attempt, random);
  if (config.max_elapsed_time > 0 && elapsedMs + delayMs > config.max_elapsed_time) {
    return { retry: false, reason: 'retries_exhausted' };
  }
  return { retry: true, delayMs };
}
