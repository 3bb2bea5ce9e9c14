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

  /** After a live poll: an error when no query of a poll that had some succeeded, ok again once one does. */
  livePolled(tasks: number, complete: number): void {
    if (tasks > 0 && complete === 0 && !this.fatal)
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
    this.logger.error({ error: detail }, 'Cloudflare refused the credentials; retrying next poll');
    this.report('permanent_error', `Cloudflare refused the credentials: ${detail}`);
  }
}
