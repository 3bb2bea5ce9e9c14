import { permanentError, type Logger } from '@settle/core';
import type { Credentials } from '../client/credentials.js';
import type { GraphqlClient } from '../client/graphql-client.js';
import type { QueryRunner } from '../lanes/query-runner.js';
import type { RateLimiter } from '../limiter/rate-limiter.js';
import type { ZoneInfo } from '../query/rows-to-points.js';
import { spreadZones } from './spread-zones.js';

/** One credential with everything that is its own: its client, its rate limiter and its query runner. */
export interface CredentialMember {
  /** 1-based position in `api_tokens`; what logs and statuses name (never the token). */
  readonly number: number;
  readonly credentials: Credentials;
  readonly client: GraphqlClient;
  readonly limiter: RateLimiter;
  readonly runner: QueryRunner;
}

/** The zones and accounts (for account-scoped datasets) one credential collects, and the runner that asks. */
export interface Share {
  readonly member: CredentialMember;
  readonly zones: readonly ZoneInfo[];
  readonly accounts: readonly ZoneInfo[];
}

/**
 * The credentials still in use and how the zones are dealt to them (whole query groups, in turn, so each
 * stays within its own quota). A credential Cloudflare refuses is taken out and its zones go to the others at
 * the next deal; the last one is never taken out (its refusal is the receiver's, reported as before).
 */
export class CredentialPool {
  private active: CredentialMember[];
  /** Never taken out (see `refuse`), so there is always a credential to answer `first`. */
  private readonly head: CredentialMember;
  private cache:
    { zones: readonly ZoneInfo[]; accounts: readonly ZoneInfo[]; count: number; shares: Share[] } | undefined;

  /** Throws a permanent SettleError without a credential (the config schema refuses that before it gets here). */
  constructor(
    readonly members: readonly CredentialMember[],
    private readonly groupSize: number,
    private readonly logger: Logger,
  ) {
    const head = members[0];
    if (head === undefined) {
      throw permanentError(
        'cloudflare_no_credentials',
        'the cloudflare receiver needs a credential: set api_token, api_tokens (one or more) or api_email + api_key',
      );
    }
    this.head = head;
    this.active = [...members];
  }

  /** Credentials in use. */
  activeCount(): number {
    return this.active.length;
  }

  /** The first credential in use: what REST calls (zone lists, rule names, status) authenticate with. */
  first(): CredentialMember {
    return this.active[0] ?? this.head;
  }

  /**
   * The zones and accounts of each credential in use, dealt from `zones` (in query groups) and `accounts` (one
   * by one: an account-scoped query asks for one account).
   */
  shares(zones: readonly ZoneInfo[], accounts: readonly ZoneInfo[] = []): readonly Share[] {
    const c = this.cache;
    const count = this.active.length;
    if (c !== undefined && c.zones === zones && c.accounts === accounts && c.count === count) return c.shares;
    const dealt = spreadZones(zones, count, this.groupSize);
    const dealtAccounts = spreadZones(accounts, count, 1);
    const shares = this.active.map((member, i) => ({
      member,
      zones: dealt[i] ?? [],
      accounts: dealtAccounts[i] ?? [],
    }));
    this.cache = { zones, accounts, count, shares };
    return shares;
  }

  /**
   * Cloudflare refused `member`'s credentials: `taken_out` when it is now out (its zones go to the others),
   * `already_out` for the replies to queries it sent before, `last` when it is the last one in use (the
   * caller reports that as the receiver's own refusal).
   */
  refuse(member: CredentialMember, detail: string): 'taken_out' | 'already_out' | 'last' {
    if (!this.active.includes(member)) return 'already_out';
    if (this.active.length === 1) return 'last';
    this.active = this.active.filter((m) => m !== member);
    this.logger.error(
      { credential: member.number, error: detail, credentials_left: this.active.length },
      'Cloudflare refused a credential; taken out, its zones move to the others',
    );
    return 'taken_out';
  }

  /** Human summary for a status message. */
  describeRefused(): string {
    const out = this.members.filter((m) => !this.active.includes(m)).map((m) => m.number);
    return `api_tokens[${out.map((n) => n - 1).join('], api_tokens[')}] refused by Cloudflare; its zones moved to the ${this.active.length} other credential${this.active.length === 1 ? '' : 's'}`;
  }
}
