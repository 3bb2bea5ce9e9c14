import type { CloudflareConfig } from '../config.js';
import { credentialsOf, type Credentials } from '../client/credentials.js';

/** The credentials a receiver collects with (`api_tokens`, else the one `api_token` or legacy pair). */
export function credentialList(
  config: Pick<CloudflareConfig, 'api_token' | 'api_tokens' | 'api_email' | 'api_key'>,
): readonly [Credentials, ...Credentials[]] {
  const [first, ...more] = config.api_tokens ?? [];
  if (first === undefined) return [credentialsOf(config)];
  const token = (t: string): Credentials => ({ kind: 'token', token: t });
  return [token(first), ...more.map(token)];
}

export function credentialCount(config: Pick<CloudflareConfig, 'api_token' | 'api_tokens'>): number {
  return config.api_tokens?.length ?? 1;
}
