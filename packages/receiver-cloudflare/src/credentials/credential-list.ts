import type { CloudflareConfig } from '../config.js';
import { credentialsOf, type Credentials } from '../client/credentials.js';

/** The credentials a receiver collects with, each with its own rate limiter. */
export function credentialList(config: CloudflareConfig): Credentials[] {
  return [credentialsOf(config)];
}

export function credentialCount(config: CloudflareConfig): number {
  return credentialList(config).length;
}
