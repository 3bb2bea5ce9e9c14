import { describe, expect, it } from 'vitest';
import { endpointUrl } from './endpoint.js';

describe('endpointUrl', () => {
  it.each(['http://127.0.0.1:8428', 'https://api.cloudflare.com/client/v4/graphql', 'http://[::1]:4318/v1'])(
    'accepts %s',
    (url) => {
      expect(endpointUrl().parse(url)).toBe(url);
    },
  );

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'ftp://host/x', 'localhost:8428', 'http://', '', 'data:,x'])(
    'refuses %j with a message that says what is expected',
    (url) => {
      const result = endpointUrl().safeParse(url);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/must be an http:\/\/ or https:\/\/ URL/);
    },
  );
});
