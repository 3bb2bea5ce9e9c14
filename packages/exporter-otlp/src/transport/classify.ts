import { SettleError, permanentError, retryableError } from '@settle/core';
import { decodeResponse, type Protocol } from '../encode/encode-request.js';
import type { HttpResponse } from './http-post.js';

/** What a delivered request tells the exporter helper (mirrors the helper's SendResult). */
export interface Delivered {
  readonly rejectedPoints?: number;
  readonly message?: string;
}

/** The OTLP/HTTP spec's retryable statuses; every other non-2xx status is permanent. */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/** TLS verification failures will not heal by themselves: retrying only delays the error message. */
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

/**
 * Turns a response into the outcome the helper understands: resolves on 2xx (reporting partial_success
 * rejections, which are never retried), throws a retryable SettleError for 429/502/503/504 (carrying
 * Retry-After) and a permanent one for anything else.
 */
export function classifyResponse(res: HttpResponse, protocol: Protocol, nowMs: number): Delivered {
  if (res.status >= 200 && res.status < 300) {
    const { rejectedPoints, errorMessage } = decodeResponse(res.body, protocol);
    if (rejectedPoints <= 0 && errorMessage === undefined) return {};
    return {
      ...(rejectedPoints > 0 ? { rejectedPoints } : {}),
      ...(errorMessage === undefined ? {} : { message: errorMessage }),
    };
  }
  const detail = `HTTP ${res.status}${describeBody(res)}`;
  if (RETRYABLE_STATUS.has(res.status)) {
    const retryAfterMs = parseRetryAfter(headerValue(res.headers['retry-after']), nowMs);
    return throwing(
      retryableError(
        'otlp.http_retryable',
        `receiver answered ${detail}`,
        retryAfterMs === undefined ? {} : { retryAfterMs },
      ),
    );
  }
  return throwing(permanentError('otlp.http_permanent', `receiver refused the batch: ${detail}`));
}

/** Errors before any response: connection failures and timeouts may pass; TLS verification failures will not. */
export function classifyError(err: unknown, url: string): SettleError {
  if (err instanceof SettleError) return err;
  const code = (err as { code?: unknown } | undefined)?.code;
  const text = err instanceof Error ? err.message : String(err);
  if (typeof code === 'string' && TLS_CODES.test(code)) {
    return permanentError('otlp.tls', `TLS handshake with ${url} failed (${code}): ${text}`, err);
  }
  if ((err as Error | undefined)?.name === 'AbortError') {
    return retryableError('otlp.aborted', `request to ${url} was aborted (timeout or shutdown)`, { cause: err });
  }
  return retryableError(
    'otlp.connection',
    `cannot reach ${url}: ${typeof code === 'string' ? `${code} ` : ''}${text}`,
    {
      cause: err,
    },
  );
}

/** `Retry-After` as delay-seconds or an HTTP date, in milliseconds from `nowMs`; undefined when absent/invalid. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // HTTP dates start with the day name ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse alone would accept "-5".
  if (!/^[A-Za-z]{3}/.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function describeBody(res: HttpResponse): string {
  if (res.body.length === 0) return '';
  // OTLP error bodies are a google.rpc.Status (protobuf or JSON); plain text from proxies is common too.
  // Printable runs are enough for a log line without decoding every shape.
  const text = res.body
    .subarray(0, 512)
    .toString('utf8')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim();
  return text === '' ? '' : `: ${text.slice(0, 300)}`;
}

function throwing(err: SettleError): never {
  throw err;
}
