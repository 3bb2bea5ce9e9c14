import { z } from 'zod';

/**
 * A zod schema for an endpoint: an absolute http:// or https:// URL with a host. Every component that sends
 * to or reads from a URL uses it, so `javascript:alert(1)`, `file:///etc/passwd` or `localhost:8428` (no
 * scheme: "localhost" would be read as the scheme) are refused the same way everywhere.
 */
export function endpointUrl() {
  return z.url({
    protocol: /^https?$/,
    hostname: /^.+$/,
    error: (issue) =>
      `must be an http:// or https:// URL${typeof issue.input === 'string' ? `, got ${JSON.stringify(issue.input)}` : ''}`,
  });
}
