import type { Clock, Timer } from './clock.js';
import { nodeTimer, safeTimeout } from './safe-timeout.js';

/** The real clock. The only place outside the CLI that reads wall-clock time. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback: () => void, delayMs: number): Timer {
    return safeTimeout(callback, delayMs, nodeTimer);
  },
};
