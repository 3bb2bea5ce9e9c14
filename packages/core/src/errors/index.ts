export { SETTLE_ERROR_BRAND, SettleError, permanentError, retryableError, throttledError } from './settle-error.js';
export type { SettleErrorOptions } from './settle-error.js';
export { errorCodeOf, isPermanent, isRetryable, isSettleError, isThrottled, retryDelayOf } from './error-class.js';
export type { SettleErrorData } from './error-class.js';
