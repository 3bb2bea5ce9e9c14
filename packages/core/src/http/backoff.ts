import { MAX_RETRY_AFTER_MS } from './retry-after.js';

/**
 * The one backoff: exponential with jitter, as in the Collector (cenkalti/backoff). The wait before retry
 * number `attempt` (0 = the first retry) is initialMs × multiplier^attempt, capped at maxMs, then spread by
 * ± randomizationFactor.
 */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly multiplier: number;
  /** 0 = no jitter; 0.5 = anywhere in [50 %, 150 %] of the capped delay. */
  readonly randomizationFactor: number;
}

/**
 * The wait before retry `attempt`, in whole ms within [0, maxMs × (1 + randomizationFactor)]. `random` is a
 * number in [0, 1), injected so tests are deterministic. Never NaN or Infinity, at any attempt number.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: number): number {
  const n = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
  const initial = Math.max(0, policy.initialMs);
  const cap = Math.max(0, policy.maxMs);
  // multiplier ** n reaches Infinity at high attempts; initial 0 × Infinity would be NaN, hence the guard.
  const grown = initial === 0 ? 0 : initial * Math.max(1, policy.multiplier) ** n;
  const base = Math.min(Number.isFinite(grown) ? grown : cap, cap);
  const r = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 0.5;
  const spread = Math.min(Math.max(policy.randomizationFactor, 0), 1) * base;
  return Math.max(0, Math.round(base - spread + 2 * spread * r));
}

/** The exporter helper's retry settings on top of a backoff. */
export interface RetryPolicy extends BackoffPolicy {
  readonly enabled: boolean;
  /** Give up when the next retry would start after this long since the first attempt; 0 = never give up. */
  readonly maxElapsedMs: number;
}

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: 'retry_disabled' | 'retries_exhausted' };

/**
 * Whether to retry after a transient failure, and how long to wait: the peer's wait (already clamped by
 * parseRetryAfter; clamped again here against errors built by hand) when it gave one, else the backoff.
 */
export function decideRetry(
  policy: RetryPolicy,
  attempt: number,
  elapsedMs: number,
  retryAfterMs: number | undefined,
  random: number,
  maxRetryAfterMs: number = MAX_RETRY_AFTER_MS,
): RetryDecision {
  if (!policy.enabled) return { retry: false, reason: 'retry_disabled' };
  const delayMs =
    retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
      ? Math.min(retryAfterMs, maxRetryAfterMs)
      : backoffDelay(policy, attempt, random);
  if (policy.maxElapsedMs > 0 && elapsedMs + delayMs > policy.maxElapsedMs) {
    return { retry: false, reason: 'retries_exhausted' };
  }
  return { retry: true, delayMs };
}
