import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

/**
 * Parses Go-style durations ("500ms", "30s", "15m", "1h30m", "2d") into milliseconds.
 * Returns undefined for anything else, so callers can word their own error.
 */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  if (s === '0') return 0;
  PART.lastIndex = 0;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    PART.lastIndex = pos;
    const m = PART.exec(s);
    if (m === null) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
    pos = PART.lastIndex;
  }
  return Math.round(total);
}

/** Formats milliseconds back into the shortest duration string ("90000" → "1m30s"). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
    ['ms', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/**
 * The longest duration `duration()` accepts unless a schema says otherwise: 24 days, under the 24.8 days a
 * Node timer holds (see clock/safe-timeout.ts). Durations are waits (poll intervals, rate windows, timeouts);
 * one that is only compared with ages (a retention, a look-back) may pass its own `max`.
 */
export const MAX_DURATION_MS = 24 * 86_400_000;

/** "24d" rather than "576h" for whole days: how a maximum reads best. */
function formatLimit(ms: number): string {
  return ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : formatDuration(ms);
}

/** What `duration()` accepts, as a JSON Schema pattern (editors check durations with it). */
export const DURATION_PATTERN = '^(\\d+(\\.\\d+)?(ms|s|m|h|d))+$|^0$';

/**
 * A zod schema for a duration written as a string ("30s", "15m") in YAML; the output is milliseconds.
 * Numbers are rejected on purpose: a bare `30` is ambiguous between seconds and milliseconds.
 */
export function duration(options: { min?: number; max?: number } = {}) {
  const max = options.max ?? MAX_DURATION_MS;
  return z
    .string()
    .meta({
      description: 'a duration such as "500ms", "30s", "15m", "1h30m"',
      pattern: DURATION_PATTERN,
    })
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `invalid duration "${text}": use e.g. "500ms", "30s", "15m", "1h30m"`,
        });
        return z.NEVER;
      }
      if (options.min !== undefined && ms < options.min) {
        ctx.addIssue({ code: 'custom', message: `duration "${text}" must be at least ${formatDuration(options.min)}` });
        return z.NEVER;
      }
      if (!(ms <= max)) {
        ctx.addIssue({
          code: 'custom',
          message:
            options.max === undefined
              ? `duration "${text}" is too long: at most ${formatLimit(max)} (a longer wait cannot be scheduled)`
              : `duration "${text}" must be at most ${formatLimit(max)}`,
        });
        return z.NEVER;
      }
      return ms;
    });
}
