/**
 * The one error type settle throws, and the brand that recognises it. `code` is stable and machine-readable;
 * `retryable`, `throttled` and `retryAfterMs` tell exporter and receiver shells what trying again can do.
 *
 * The default is the OpenTelemetry Collector's: an error is retryable unless marked permanent
 * (`consumererror.NewPermanent`). A thrown value that is not a SettleError is retryable too.
 *
 * Errors are recognised by a brand (`Symbol.for('settle.error')`), never by `instanceof`: a plugin that bundles
 * its own copy of @settle/core throws errors of another class, and `Symbol.for` is shared by every copy in the
 * process. Read them with the accessors in error-class.ts.
 */
export const SETTLE_ERROR_BRAND: unique symbol = Symbol.for('settle.error');

export interface SettleErrorOptions {
  readonly cause?: unknown;
  /** False marks the error permanent (retrying cannot help). Default true. */
  readonly retryable?: boolean;
  /** The peer asked us to slow down (HTTP 429, a quota message); implies retryable. */
  readonly throttled?: boolean;
  /** When the peer said how long to wait (HTTP Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;
}

export class SettleError extends Error {
  readonly [SETTLE_ERROR_BRAND] = true;
  override readonly name: string = 'SettleError';
  readonly code: string;
  readonly retryable: boolean;
  readonly throttled: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: string, message: string, options: SettleErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.throttled = options.throttled ?? false;
    this.retryable = this.throttled || (options.retryable ?? true);
    this.retryAfterMs = options.retryAfterMs;
  }

  /**
   * `err instanceof SettleError` is true for a SettleError of any copy of core (by brand). Subclasses keep the
   * ordinary prototype check, so `instanceof ConfigError` still means a ConfigError.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this === SettleError) return isBranded(value);
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

function isBranded(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SETTLE_ERROR_BRAND] === true;
}

/** A failure that will happen again if retried (bad data, 400, auth, a config mistake): drop and count. */
export function permanentError(code: string, message: string, cause?: unknown): SettleError {
  return new SettleError(code, message, { retryable: false, cause });
}

/** A failure that may pass if retried (connection refused, 503, timeout). */
export function retryableError(
  code: string,
  message: string,
  options: { cause?: unknown; retryAfterMs?: number } = {},
): SettleError {
  return new SettleError(code, message, { ...options, retryable: true });
}

/** The peer asked us to slow down: retry after `retryAfterMs` when it said, else after the usual backoff. */
export function throttledError(
  code: string,
  message: string,
  retryAfterMs: number | undefined,
  cause?: unknown,
): SettleError {
  return new SettleError(code, message, {
    throttled: true,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(cause === undefined ? {} : { cause }),
  });
}
