import { SETTLE_ERROR_BRAND } from './settle-error.js';

/**
 * Reading any thrown value as data. These accept SettleErrors of every copy of @settle/core (they look at the
 * brand and at plain properties, never `instanceof`) and anything else, under one default: retryable unless
 * marked permanent.
 */
export interface SettleErrorData {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
  readonly throttled?: boolean;
  readonly retryAfterMs?: number | undefined;
}

/** Whether `err` is a SettleError, from this copy of core or another one. */
export function isSettleError(err: unknown): err is Error & SettleErrorData {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[SETTLE_ERROR_BRAND] === true;
}

/** Whether trying again may help: false only for a SettleError marked permanent. */
export function isRetryable(err: unknown): boolean {
  return !isPermanent(err);
}

/** Whether retrying cannot help (a SettleError with `retryable: false`). */
export function isPermanent(err: unknown): boolean {
  return isSettleError(err) && err.retryable === false;
}

/** Whether the peer asked us to slow down (HTTP 429, a quota message). */
export function isThrottled(err: unknown): boolean {
  return isSettleError(err) && err.throttled === true;
}

/** The wait the peer asked for, in ms (a finite number ≥ 0), or undefined when it did not say. */
export function retryDelayOf(err: unknown): number | undefined {
  if (!isSettleError(err)) return undefined;
  const ms = err.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** The SettleError's code, or undefined for anything else. */
export function errorCodeOf(err: unknown): string | undefined {
  return isSettleError(err) && typeof err.code === 'string' ? err.code : undefined;
}
