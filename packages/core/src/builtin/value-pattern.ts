export const PATTERNS = ['constant', 'counter', 'sine', 'random'] as const;
export type ValuePattern = (typeof PATTERNS)[number];

/**
 * The value of series `series` at tick `tick`. Deterministic (no Math.random) so a benchmark or a test that
 * replays the same ticks sees the same numbers.
 */
export function generatedValue(pattern: ValuePattern, base: number, series: number, tick: number): number {
  switch (pattern) {
    case 'constant':
      return base;
    case 'counter':
      return (series + 1) * (tick + 1);
    case 'sine':
      // Each series gets its own phase so series are distinguishable on a chart.
      return Math.round(base * (1 + Math.sin(tick / 6 + series)) * 1000) / 1000;
    case 'random':
      return Math.floor(unitHash(series, tick) * (base + 1));
  }
}

/** A hash of (series, tick) mapped to [0, 1): mulberry32's mixing step. */
function unitHash(series: number, tick: number): number {
  let t = (Math.imul(series + 1, 0x9e3779b1) ^ Math.imul(tick + 1, 0x85ebca6b)) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
