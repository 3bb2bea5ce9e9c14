/**
 * The one error type settle throws. `code` is stable and machine-readable; `retryable` tells exporter and
 * receiver shells whether trying again can help (the Collector's `consumererror.NewPermanent`, inverted).
 */
export interface SettleErrorOptions {
  readonly cause?: unknown;
  readonly retryable?: boolean;
  /** When the peer said how long to wait (HTTP Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;
}

export class SettleError extends Error {
  override readonly name: string = 'SettleError';
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: string, message: string, options: SettleErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A failure that will happen again if retried (bad data, 400, auth): drop and count, never retry. */
export function permanentError(code: string, message: string, cause?: unknown): SettleError {
  return new SettleError(code, message, { retryable: false, cause });
}

/** A failure that may pass if retried (connection refused, 429, 503, timeout). */
export function retryableError(
  code: string,
  message: string,
  options: { cause?: unknown; retryAfterMs?: number } = {},
): SettleError {
  return new SettleError(code, message, { ...options, retryable: true });
}

/** Whether an unknown thrown value may be retried: SettleErrors say so; anything else is treated as transient. */
export function isRetryable(err: unknown): boolean {
  return err instanceof SettleError ? err.retryable : true;
}
