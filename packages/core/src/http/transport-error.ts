import { isSettleError } from '../errors/error-class.js';
import { permanentError, retryableError, type SettleError } from '../errors/settle-error.js';

/** Certificate and handshake failures: they will not heal by themselves, so retrying only delays the message. */
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|HOSTNAME/;

/**
 * The SettleError for a request that got no usable response. TLS verification and handshake failures are
 * permanent (code `tls_failed`, saying how to fix it); everything else at the socket level (refused, reset,
 * DNS, a dropped connection) is retryable (`connection_failed`). SettleErrors pass through unchanged.
 */
export function errorForTransport(err: unknown, target: string): SettleError {
  if (isSettleError(err)) return err as SettleError;
  const code = (err as { code?: unknown } | undefined)?.code;
  const codeText = typeof code === 'string' ? code : undefined;
  const text = err instanceof Error ? err.message : String(err);
  if (codeText !== undefined && TLS_CODES.test(codeText)) {
    return permanentError(
      'tls_failed',
      `TLS with ${target} failed (${codeText}: ${text}); trust its CA with tls.ca_file, or check the endpoint's scheme and host`,
      err,
    );
  }
  return retryableError(
    'connection_failed',
    `cannot reach ${target}: ${codeText === undefined ? '' : `${codeText} `}${text}`,
    {
      cause: err,
    },
  );
}

/** No response within the request's timeout: retryable. */
export function timeoutError(target: string, timeoutMs: number): SettleError {
  return retryableError('timeout', `no reply from ${target} within ${timeoutMs} ms`);
}

/**
 * A response bigger than the cap. Permanent: the same request would get the same reply, and reading it again
 * only costs memory and bandwidth. For a poller this means "give up on this query until the next poll".
 */
export function tooLargeError(target: string, maxBytes: number): SettleError {
  return permanentError(
    'http_response_too_large',
    `${target} sent a reply larger than ${maxBytes} bytes, over the cap that protects settle's memory; the request was aborted`,
  );
}
