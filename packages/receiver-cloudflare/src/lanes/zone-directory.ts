import { SettleError, errorCodeOf, type Logger } from '@settle/core';
import type { RestClient } from '../client/rest-client.js';
import type { ZoneInfo } from '../query/rows-to-points.js';

/**
 * The zones to collect: those listed in the config (named through the REST API when the token may read
 * zones, else labelled by tag) plus every zone of the listed accounts. A refresh that fails keeps the
 * previous list; only a refused token is passed on (the caller decides whether that is fatal).
 */
export class ZoneDirectory {
  private zones: readonly ZoneInfo[] = [];
  private accountInfos: readonly ZoneInfo[];
  private named = new Map<string, ZoneInfo>();
  private warnedNames = false;

  constructor(
    private readonly rest: RestClient,
    private readonly listed: readonly string[],
    private readonly accounts: readonly string[],
    private readonly logger: Logger,
  ) {
    this.accountInfos = accounts.map((tag) => ({ tag, name: tag, account: tag }));
  }

  current(): readonly ZoneInfo[] {
    return this.zones;
  }

  /**
   * The listed accounts, for account-scoped datasets: `tag` is the account tag, `account` (the label) its name
   * as the REST API gives it with its zones, or the tag until known.
   */
  currentAccounts(): readonly ZoneInfo[] {
    return this.accountInfos;
  }

  /** Re-reads zone names and account zones. Throws SettleErrors from the REST client. */
  async refresh(signal: AbortSignal): Promise<readonly ZoneInfo[]> {
    const byTag = new Map<string, ZoneInfo>();
    const accountInfos: ZoneInfo[] = [];
    for (const account of this.accounts) {
      let found: ZoneInfo[];
      try {
        found = await this.rest.listZones(account, signal);
      } catch (err) {
        if (errorCodeOf(err) === 'cloudflare_auth') {
          const reason = err instanceof Error ? err.message : String(err);
          throw new SettleError(
            'cloudflare_auth',
            `cannot list the zones of account ${account}: ${reason}. The token needs Zone:Read on that account, or list zones explicitly`,
            { cause: err, retryable: false },
          );
        }
        throw err;
      }
      for (const z of found) byTag.set(z.tag, z);
      const name = found.find((z) => z.account !== undefined)?.account ?? account;
      accountInfos.push({ tag: account, name, account: name });
    }
    this.accountInfos = accountInfos;
    await this.nameListed(signal);
    for (const tag of this.listed) byTag.set(tag, this.named.get(tag) ?? byTag.get(tag) ?? { tag, name: tag });
    const before = this.zones.length;
    this.zones = [...byTag.values()];
    if (this.zones.length !== before) this.logger.info({ zones: this.zones.length }, 'zones to collect');
    return this.zones;
  }

  private async nameListed(signal: AbortSignal): Promise<void> {
    const pending = this.listed.filter((t) => !this.named.has(t));
    for (let i = 0; i < pending.length; i += 8) {
      await Promise.all(
        pending.slice(i, i + 8).map(async (tag) => {
          try {
            const zone = await this.rest.getZone(tag, signal);
            if (zone !== undefined) this.named.set(tag, zone);
          } catch (err) {
            if (signal.aborted) throw err;
            if (!this.warnedNames) {
              this.warnedNames = true;
              const error = err instanceof Error ? err.message : String(err);
              this.logger.warn(
                { error },
                'cannot read zone names (does the token have Zone:Read?); labelling zones by tag',
              );
            }
          }
        }),
      );
    }
  }
}
