/**
 * Time, injected. Engines take `now` as an argument; shells get a Clock from their context so tests can drive
 * timers with a fake clock instead of sleeping.
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `callback` once after `delayMs` of this clock's time. */
  setTimeout(callback: () => void, delayMs: number): Timer;
}

/** Resolves after `delayMs` of the clock's time, or rejects with the signal's reason when aborted first. */
export function sleep(clock: Clock, delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      reject(signal?.reason as Error);
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Calls `callback` every `intervalMs` until cancelled; the next run is scheduled only after the previous one
 * settled, so a slow callback never overlaps itself.
 */
export function every(clock: Clock, intervalMs: number, callback: () => Promise<void> | void): Timer {
  let current: Timer | undefined;
  let cancelled = false;
  const tick = (): void => {
    void (async () => {
      try {
        await callback();
      } finally {
        if (!cancelled) current = clock.setTimeout(tick, intervalMs);
      }
    })();
  };
  current = clock.setTimeout(tick, intervalMs);
  return {
    cancel: () => {
      cancelled = true;
      current?.cancel();
    },
  };
}
