import { errorCodeOf, retryDelayOf, sleep, type Clock, type Logger } from '@settle/core';
import type { RestClient } from './client/rest-client.js';
import type { Activity } from './lanes/activity.js';
import { backoffDelay } from './lanes/schedule.js';
import type { ZoneDirectory } from './lanes/zone-directory.js';
import type { ReceiverStatus } from './receiver-status.js';

export interface ConnectDeps {
  readonly rest: RestClient;
  readonly zones: ZoneDirectory;
  readonly activity: Activity;
  readonly status: ReceiverStatus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}

/**
 * Checks the credentials and resolves zones, retrying with backoff (or as told by Retry-After) while the API
 * cannot be reached. False when the receiver cannot run: credentials refused (fatal reported) or stopped.
 */
export async function connect(deps: ConnectDeps): Promise<boolean> {
  const { rest, zones, activity, status, clock, logger, signal } = deps;
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      const verified = await activity.track(rest.verify(signal));
      if (!verified) logger.debug('credential check not available at this endpoint; continuing');
      await activity.track(zones.refresh(signal));
      return true;
    } catch (err) {
      if (signal.aborted) return false;
      const message = err instanceof Error ? err.message : String(err);
      if (errorCodeOf(err) === 'cloudflare_auth') {
        status.authRefused(message);
        return false;
      }
      logger.warn({ attempt, error: message }, 'cannot reach the Cloudflare API yet; retrying');
      status.report('recoverable_error', message);
      const wait = retryDelayOf(err) ?? backoffDelay(attempt, 1_000, 60_000);
      await sleep(clock, wait, signal);
    }
  }
  return false;
}
