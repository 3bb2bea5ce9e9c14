import { type SettleError, permanentError, retryableError } from '@settle/core';

/** Statuses worth retrying. 500 is included: VictoriaMetrics and Prometheus use it for transient storage trouble; max_elapsed_time bounds it. */
const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** The error for a non-2xx answer, with Retry-After (seconds or an HTTP date) turned into milliseconds. */
export function errorForStatus(
  status: number,
  body: string,
  retryAfter: string | undefined,
  nowMs: number,
): SettleError {
  const detail = body.trim().slice(0, 300);
  const message = `HTTP ${status}${detail === '' ? '' : `: ${detail}`}`;
  if (RETRYABLE.has(status)) {
    const retryAfterMs = parseRetryAfter(retryAfter, nowMs);
    return retryableError(`http_${status}`, message, retryAfterMs === undefined ? {} : { retryAfterMs });
  }
  return permanentError(`http_${status}`, message);
}

export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Socket-level failures (refused, reset, DNS, TLS handshake) are transient from where we stand. */
export function errorForTransport(err: unknown, target: string): SettleError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? 'unknown';
  const message = err instanceof Error ? err.message : String(err);
  return retryableError('connection_failed', `cannot reach ${target}: ${code} ${message}`, { cause: err });
}
