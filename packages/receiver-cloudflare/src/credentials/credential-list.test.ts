import { describe, expect, it } from 'vitest';
import { cloudflareConfigSchema } from '../config.js';
import { credentialList } from './credential-list.js';

const zones = ['0123456789abcdef0123456789abcdef'];

describe('api_tokens', () => {
  it('gives one credential per token', () => {
    const config = cloudflareConfigSchema.parse({ api_tokens: ['a', 'b'], zones });
    expect(credentialList(config)).toEqual([
      { kind: 'token', token: 'a' },
      { kind: 'token', token: 'b' },
    ]);
  });

  it('refuses api_tokens with api_token, and an empty list', () => {
    const both = cloudflareConfigSchema.safeParse({ api_tokens: ['a'], api_token: 'b', zones });
    expect(both.error?.issues.map((i) => i.message)).toEqual([
      'use either api_tokens or api_token (or api_email + api_key), not both',
    ]);
    expect(cloudflareConfigSchema.safeParse({ api_tokens: [], zones }).success).toBe(false);
  });
});
