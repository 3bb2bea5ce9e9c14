import type { Clock, Timer } from './clock.js';
import { nodeTimer, safeTimeout } from './safe-timeout.js';

/**
 * A real-time clock that runs `speed` times faster than the wall clock, starting at `startMs`.
 * Lets the demo show fifteen minutes of Cloudflare settling in thirty seconds while every component still
 * waits on real timers (nothing is stepped by hand, so concurrency behaves as in production).
 */
export function acceleratedClock(speed: number, startMs: number, wallNow: () => number = Date.now): Clock {
  if (!(speed > 0)) throw new RangeError(`clock speed must be > 0, got ${speed}`);
  const wallStart = wallNow();
  return {
    now: () => startMs + Math.floor((wallNow() - wallStart) * speed),
    setTimeout(callback: () => void, delayMs: number): Timer {
      return safeTimeout(callback, Math.max(0, delayMs) / speed, nodeTimer);
    },
  };
}
