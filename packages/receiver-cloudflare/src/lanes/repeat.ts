import { sleep, type Clock } from '@settle/core';

/**
 * Runs `work` now (if `immediately`) and then every `interval()` measured from each run's start, until
 * `signal` aborts (the pending sleep then rejects with the abort reason).
 */
export async function repeat(
  clock: Clock,
  signal: AbortSignal,
  work: () => Promise<void>,
  interval: () => number,
  immediately: boolean,
): Promise<void> {
  if (!immediately) await sleep(clock, interval(), signal);
  while (!signal.aborted) {
    const started = clock.now();
    await work();
    await sleep(clock, Math.max(0, started + interval() - clock.now()), signal);
  }
}
