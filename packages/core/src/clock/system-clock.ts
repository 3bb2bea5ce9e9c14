import type { Clock, Timer } from './clock.js';

/** The real clock. The only place outside the CLI that reads wall-clock time. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback: () => void, delayMs: number): Timer {
    const handle = setTimeout(callback, Math.max(0, delayMs));
    // Timers must not keep the process alive on their own: shutdown is driven by signals, not by empty loops.
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};
