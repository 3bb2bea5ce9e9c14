import type { Timer } from './clock.js';

/**
 * The longest delay a Node timer holds (2^31-1 ms, about 24.8 days). Past it Node prints
 * TimeoutOverflowWarning and fires after 1 ms: a "wait 30 days" became "now", in a loop.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/** Arms a raw timer and returns how to cancel it; `setTimeout` + `unref` in production. */
export type ArmTimer = (callback: () => void, delayMs: number) => () => void;

/**
 * Calls `callback` once after `delayMs`, whatever the delay: longer than MAX_TIMER_MS it waits in steps a
 * timer can hold; an infinite delay never fires; NaN and negative delays count as 0 (Node's own behaviour for
 * them, without its warning). The one place in core where a delay meets a Node timer.
 */
export function safeTimeout(callback: () => void, delayMs: number, arm: ArmTimer): Timer {
  if (delayMs === Number.POSITIVE_INFINITY) return { cancel: () => undefined };
  let remaining = Number.isNaN(delayMs) ? 0 : Math.max(0, delayMs);
  let cancel: () => void = () => undefined;
  const step = (): void => {
    const wait = Math.min(remaining, MAX_TIMER_MS);
    remaining -= wait;
    cancel = arm(remaining > 0 ? step : callback, wait);
  };
  step();
  return { cancel: () => cancel() };
}

/** Node's timers, unref'd: timers alone must not keep the process alive (shutdown is driven by signals). */
export const nodeTimer: ArmTimer = (callback, delayMs) => {
  const handle = setTimeout(callback, delayMs);
  handle.unref();
  return () => clearTimeout(handle);
};
