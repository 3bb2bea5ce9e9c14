import type { IncomingHttpHeaders } from 'node:http';

/**
 * The credential of a request: `Authorization: Bearer <token>`, or the legacy `X-Auth-Key` (older exporters send
 * X-Auth-Email + X-Auth-Key), which the simulator checks against the same token list.
 */
export function credentialOf(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m !== null) return m[1];
  }
  const key = headers['x-auth-key'];
  return typeof key === 'string' && key !== '' ? key : undefined;
}
