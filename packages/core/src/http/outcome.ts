import type { IncomingHttpHeaders } from 'node:http';
import { permanentError, retryableError, throttledError, type SettleError } from '../errors/settle-error.js';
import { parseRetryAfter } from './retry-after.js';

/** What an HTTP status means for the request that got it. */
export type StatusOutcome = 'ok' | 'throttled' | 'retryable' | 'permanent';

/** Non-2xx statuses that are not permanent. Every status not listed (and not 2xx) is permanent. */
export type StatusTable = Readonly<Record<number, Exclude<StatusOutcome, 'ok'>>>;

/**
 * The one default, the OTLP/HTTP spec's (and the Collector's): 429 throttled; 502, 503, 504 retryable;
 * everything else that is not 2xx permanent, 500 included, and 3xx too (redirects are never followed).
 * A plugin whose backend means something else by a status overrides single entries (see `withStatuses`):
 * VictoriaMetrics answers 500 for transient storage trouble, Cloudflare's edge uses 520–530 and 408.
 */
export const DEFAULT_STATUS_TABLE: StatusTable = Object.freeze({
  429: 'throttled',
  502: 'retryable',
  503: 'retryable',
  504: 'retryable',
});

/** The default table with some statuses changed, for one plugin. */
export function withStatuses(overrides: StatusTable, base: StatusTable = DEFAULT_STATUS_TABLE): StatusTable {
  return Object.freeze({ ...base, ...overrides });
}

export function statusOutcome(status: number, table: StatusTable = DEFAULT_STATUS_TABLE): StatusOutcome {
  if (status >= 200 && status < 300) return 'ok';
  return table[status] ?? 'permanent';
}

export interface StatusFailure {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Who answered, safe to log (no credentials), e.g. "http://vm:8428". */
  readonly target: string;
  /** A short, printable account of the body (see `bodySnippet`); '' for none. */
  readonly detail: string;
  readonly nowMs: number;
  readonly table?: StatusTable;
}

/**
 * The SettleError for a non-2xx status (undefined for 2xx), with code `http_<status>`. Throttled and retryable
 * errors carry the peer's Retry-After, clamped (see parseRetryAfter); without one the caller's backoff decides.
 */
export function errorForStatus(f: StatusFailure): SettleError | undefined {
  const outcome = statusOutcome(f.status, f.table);
  if (outcome === 'ok') return undefined;
  const code = `http_${f.status}`;
  const message = `${f.target} answered HTTP ${f.status}${f.detail === '' ? '' : `: ${f.detail}`}`;
  const retryAfterMs = parseRetryAfter(f.headers['retry-after'], f.nowMs);
  if (outcome === 'throttled') return throttledError(code, message, retryAfterMs);
  if (outcome === 'retryable') return retryableError(code, message, retryAfterMs === undefined ? {} : { retryAfterMs });
  if (f.status >= 300 && f.status < 400) {
    const location = f.headers.location === undefined ? '' : ` (Location: ${f.headers.location})`;
    return permanentError(code, `${message}; redirects are not followed, set the endpoint to the final URL${location}`);
  }
  return permanentError(code, message);
}

/**
 * The printable start of a body, for messages: error bodies come as JSON, text or protobuf (google.rpc.Status),
 * and printable runs are enough for a log line without decoding every shape.
 */
export function bodySnippet(body: Uint8Array, maxChars = 300): string {
  if (body.byteLength === 0) return '';
  return Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, maxChars * 2))
    .toString('utf8')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, maxChars);
}
