export { backoffDelay, decideRetry } from './backoff.js';
export type { BackoffPolicy, RetryDecision, RetryPolicy } from './backoff.js';
export { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after.js';
export { DEFAULT_STATUS_TABLE, bodySnippet, errorForStatus, statusOutcome, withStatuses } from './outcome.js';
export type { StatusFailure, StatusOutcome, StatusTable } from './outcome.js';
export { errorForTransport, timeoutError, tooLargeError } from './transport-error.js';
export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT_MS, HttpTransport, targetOf } from './http-transport.js';
export type { HttpExchange, HttpRequest, HttpResponse, HttpTransportOptions, TlsSettings } from './http-transport.js';
