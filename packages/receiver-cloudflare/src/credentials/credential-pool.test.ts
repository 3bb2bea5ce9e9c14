import { errorCodeOf, isPermanent, isSettleError, silentLogger } from '@settle/core';
import { describe, expect, it } from 'vitest';
import { CredentialPool, type CredentialMember } from './credential-pool.js';

// The pool deals and takes out members without calling into them: members here carry their number and
// credentials only (what the pool reads); their client, limiter and runner are assemble.ts's business.
const member = (n: number) => ({ number: n, credentials: { kind: 'token', token: `t${n}` } }) as CredentialMember;

describe('CredentialPool', () => {
  it('refuses to exist without a credential: a permanent SettleError that says what to set', () => {
    let thrown: unknown;
    try {
      new CredentialPool([], 10, silentLogger());
    } catch (err) {
      thrown = err;
    }
    expect(isSettleError(thrown)).toBe(true);
    expect(isPermanent(thrown)).toBe(true);
    expect(errorCodeOf(thrown)).toBe('cloudflare_no_credentials');
    expect((thrown as Error).message).toBe(
      'the cloudflare receiver needs a credential: set api_token, api_tokens (one or more) or api_email + api_key',
    );
  });

  it('first() is the first credential still in use, and never fails: the last one is never taken out', () => {
    const [a, b] = [member(1), member(2)];
    const pool = new CredentialPool([a, b], 10, silentLogger());
    expect(pool.first()).toBe(a);
    expect(pool.refuse(a, 'refused')).toBe('taken_out');
    expect(pool.first()).toBe(b);
    expect(pool.refuse(b, 'refused')).toBe('last');
    expect(pool.first()).toBe(b);
    expect(pool.activeCount()).toBe(1);
  });
});
