import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.js';
import { formatDuration } from '../config/duration.js';
import { errorCodeOf, isRetryable, retryDelayOf } from '../errors/error-class.js';
import { decideRetry } from '../http/backoff.js';
import { countPoints } from '../model/batch.js';
import type { Batch } from '../model/types.js';
import { attemptSend, waitOrStop } from './attempt.js';
import { retryPolicyOf, type DeliveryConfig } from './config.js';
import type { ExporterTelemetry } from './telemetry.js';
import type { BatchSender, DropReason } from './types.js';

export interface RetryLoopDeps {
  readonly sender: BatchSender;
  readonly config: DeliveryConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly telemetry: ExporterTelemetry;
  readonly random: () => number;
}

/** What became of a batch: delivered, or dropped (with the error that made us give up). */
export type DeliveryOutcome =
  | {
      readonly delivered: true;
      /** This success ended a run of failures: the backend may have lost what it acknowledged before. */
      readonly recovered: boolean;
    }
  | { readonly delivered: false; readonly reason: DropReason; readonly error: unknown };

/**
 * Sends one batch until it is accepted or must be given up: permanent errors and exhausted retries drop it
 * (counted, logged once per reason). Rejects only when `stop` fires (shutdown deadline): the caller then
 * keeps the batch (persistent queue) or counts it as dropped on shutdown.
 */
export class RetryLoop {
  private readonly loggedReasons = new Set<string>();
  private failing = false;

  constructor(private readonly deps: RetryLoopDeps) {}

  /** `resend`: the batch was acknowledged before and is sent again (counted as resent, not sent). */
  async deliver(batch: Batch, stop: AbortSignal, resend = false): Promise<DeliveryOutcome> {
    const { clock, config, telemetry, sender } = this.deps;
    const points = countPoints(batch);
    const firstAt = clock.now();
    for (let attempt = 0; ; attempt++) {
      const startedAt = clock.now();
      try {
        const result = await attemptSend(sender, batch, clock, config.timeout, stop);
        telemetry.recordDuration(clock.now() - startedAt, 'success');
        const invalid = Math.min(points, Math.max(0, result?.invalidPoints ?? 0));
        const rejected = Math.min(points - invalid, Math.max(0, result?.rejectedPoints ?? 0));
        if (resend) telemetry.recordResent(points - invalid - rejected);
        else telemetry.recordSent(points - invalid - rejected);
        telemetry.recordDropped(invalid, 'invalid');
        if (rejected > 0) {
          telemetry.recordDropped(rejected, 'rejected_by_backend');
          this.logOnce('rejected_by_backend', { rejected, message: result?.message }, 'backend rejected points');
        }
        return { delivered: true, recovered: this.recovered() };
      } catch (err) {
        telemetry.recordDuration(clock.now() - startedAt, 'failure');
        if (stop.aborted) throw stop.reason as Error;
        if (!isRetryable(err)) return this.drop(points, 'permanent_error', err);
        const decision = decideRetry(
          retryPolicyOf(config.retry_on_failure),
          attempt,
          clock.now() - firstAt,
          retryDelayOf(err),
          this.deps.random(),
        );
        if (!decision.retry) return this.drop(points, decision.reason, err);
        this.failingSince(err, decision.delayMs);
        telemetry.recordRetry();
        await waitOrStop(clock, decision.delayMs, stop);
      }
    }
  }

  private drop(points: number, reason: DropReason, error: unknown): DeliveryOutcome {
    this.deps.telemetry.recordFailed(points, reason);
    const code = errorCodeOf(error) ?? 'unknown';
    this.logOnce(`${reason}:${code}`, { reason, code, points, err: describe(error) }, 'dropped a batch');
    return { delivered: false, reason, error };
  }

  /** Logs the first transient failure of an outage at warn, the following retries at debug. */
  private failingSince(err: unknown, delayMs: number): void {
    const fields = { err: describe(err), retryInMs: delayMs };
    if (!this.failing) this.deps.logger.warn(fields, `send failed, retrying in ${formatDuration(delayMs)}`);
    else this.deps.logger.debug(fields, 'send failed again, retrying');
    this.failing = true;
  }

  private recovered(): boolean {
    const was = this.failing;
    if (was) this.deps.logger.info('sending works again');
    this.failing = false;
    return was;
  }

  /** One error line per distinct reason and code, so a stream of bad batches does not flood the log. */
  private logOnce(key: string, fields: Record<string, unknown>, message: string): void {
    if (this.loggedReasons.has(key)) {
      this.deps.logger.debug(fields, message);
      return;
    }
    this.loggedReasons.add(key);
    this.deps.logger.error(fields, `${message} (further ones with this reason are logged at debug level)`);
  }
}

function describe(err: unknown): { code?: string; message: string } {
  const code = errorCodeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  return code === undefined ? { message } : { code, message };
}
