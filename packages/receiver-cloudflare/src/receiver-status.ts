import { SettleError, type ComponentStatus, type Host, type Logger } from '@settle/core';

/**
 * What the receiver tells its host, and the facts that decide it: whether any query has worked yet (a refused
 * token is then a config mistake, fatal) and whether a fatal error was reported (nothing but `stopped` may
 * follow it). Repeats of a status are not reported again, except recoverable errors, whose message changes.
 */
export class ReceiverStatus {
  private host: Host | undefined;
  private status: ComponentStatus | undefined;
  private succeeded = false;
  private fatal = false;
  /** Credentials refused after they had worked (revoked, expired, permission removed): until a query works again. */
  private refused = false;

  /** `onFatal` stops the receiver's work; the status has been reported when it is called. */
  constructor(
    private readonly logger: Logger,
    private readonly onFatal: (error: SettleError) => void,
  ) {}

  attach(host: Host): void {
    this.host = host;
  }

  report(status: ComponentStatus, message?: string): void {
    if (this.host === undefined || (this.status === status && status !== 'recoverable_error')) return;
    if (this.status === 'fatal_error' && status !== 'stopped') return;
    this.status = status;
    this.host.reportStatus(message === undefined ? { status } : { status, message });
  }

  /** After any query that got data back. */
  succeededOnce(): void {
    if (this.succeeded) return;
    this.succeeded = true;
    this.report('ok');
  }

  /**
   * After a live poll: an error when no query of a poll that had some succeeded, ok again once one does. While
   * the credentials are refused, the `permanent_error` saying so stays (a generic "no query succeeded" would
   * hide why).
   */
  livePolled(tasks: number, complete: number): void {
    if (complete > 0 && this.refused) {
      this.refused = false;
      this.logger.info('Cloudflare accepts the credentials again');
    }
    if (tasks > 0 && complete === 0 && !this.fatal && !this.refused)
      this.report('recoverable_error', 'no live query succeeded in the last poll');
    else if (complete > 0 && this.succeeded) this.report('ok');
  }

  /** Credentials refused: fatal before anything worked (a config mistake), an error status after. */
  authRefused(detail: string): void {
    if (!this.succeeded) {
      if (this.fatal) return;
      this.fatal = true;
      const message = `Cloudflare refused the credentials (${detail}); check api_token (or api_email/api_key) and its permissions`;
      this.logger.error({ error: detail }, 'Cloudflare refused the credentials');
      this.report('fatal_error', message);
      this.onFatal(new SettleError('cloudflare_auth', message, { retryable: false }));
      return;
    }
    // Worked before: revoked, expired, or a permission was removed. Not fatal (a new token can be put in place
    // behind the same env/secret), but said once, loudly, and kept as the status until a query works again.
    const message =
      `Cloudflare refused the credentials that worked before (${detail}): the API token was revoked, expired ` +
      'or lost Analytics:Read. Replace it; the receiver keeps trying every poll and recovers by itself';
    if (this.refused) {
      this.logger.debug({ error: detail }, 'Cloudflare still refuses the credentials');
      return;
    }
    this.refused = true;
    this.logger.error({ error: detail }, message);
    this.report('permanent_error', message);
  }
}
