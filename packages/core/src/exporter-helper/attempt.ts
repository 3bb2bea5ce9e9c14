import { sleep, type Clock } from '../clock/clock.js';
import { formatDuration } from '../config/duration.js';
import { retryableError } from '../errors/settle-error.js';
import type { Batch } from '../model/types.js';
import type { BatchSender, SendResult } from './types.js';

/**
 * One send with a deadline measured on the injected clock. Aborts the sender's signal on timeout or when
 * `stop` fires, and does not wait for a sender that ignores its signal.
 */
export async function attemptSend(
  sender: BatchSender,
  batch: Batch,
  clock: Clock,
  timeoutMs: number,
  stop: AbortSignal,
): Promise<SendResult | undefined> {
  const controller = new AbortController();
  const onStop = (): void => controller.abort(stop.reason);
  if (stop.aborted) throw stop.reason as Error;
  stop.addEventListener('abort', onStop, { once: true });
  const timer = clock.setTimeout(
    () => controller.abort(retryableError('timeout', `request timed out after ${formatDuration(timeoutMs)}`)),
    timeoutMs,
  );
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
  });
  aborted.catch(() => undefined); // the race below observes it; this only silences the unhandled copy
  try {
    return await Promise.race([sender.send(batch, controller.signal), aborted]);
  } catch (err) {
    // A sender that maps its abort to its own error still reports our reason (timeout or shutdown).
    if (controller.signal.aborted) throw controller.signal.reason as Error;
    throw err;
  } finally {
    timer.cancel();
    stop.removeEventListener('abort', onStop);
    if (!controller.signal.aborted) controller.abort(new Error('attempt finished'));
  }
}

/** sleep() on the clock that ends early (rejecting) when `stop` fires. */
export function waitOrStop(clock: Clock, ms: number, stop: AbortSignal): Promise<void> {
  return sleep(clock, ms, stop);
}
