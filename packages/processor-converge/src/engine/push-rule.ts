/**
 * When a live value is pushed: its run (consecutive observations of one value) has `threshold` observations,
 * has lasted `stableForMs + slope × (age of the bucket when the run started, if positive)`, and the bucket is
 * `minAgeMs` past its end. `slope` lets the wait grow with the bucket's age: a value that stalls late (a long
 * tail about to move once more) must hold longer than one that stalls early.
 */
export interface PushRule {
  readonly threshold: number;
  readonly stableForMs: number;
  readonly minAgeMs: number;
  readonly slope: number;
}

/**
 * The cold-start rule, applied until a source has enough histories to learn from: a value must hold for 2
 * minutes over at least 2 polls and the bucket be 5 minutes old. Every value it pushes is seen at or after
 * the 300 s a fixed-delay exporter waits and has not moved for 2 minutes, so for counts that only grow it is
 * at least as exact as that fixed delay (it pushes the same value or a later one).
 */
export const COLD_RULE: PushRule = { threshold: 2, stableForMs: 120_000, minAgeMs: 300_000, slope: 0 };

/** The rule with every parameter raised to at least the floor's (the fixed options act as floors). */
export function atLeast(rule: PushRule, floor: PushRule): PushRule {
  return {
    threshold: Math.max(rule.threshold, floor.threshold),
    stableForMs: Math.max(rule.stableForMs, floor.stableForMs),
    minAgeMs: Math.max(rule.minAgeMs, floor.minAgeMs),
    slope: Math.max(rule.slope, floor.slope),
  };
}

export function sameRule(a: PushRule, b: PushRule): boolean {
  return (
    a.threshold === b.threshold && a.stableForMs === b.stableForMs && a.minAgeMs === b.minAgeMs && a.slope === b.slope
  );
}

/** How long a run that started at `startAgeMs` (relative to the bucket's end) must last under `rule`. */
export function requiredSpanMs(rule: PushRule, startAgeMs: number): number {
  return rule.stableForMs + (startAgeMs > 0 ? rule.slope * startAgeMs : 0);
}

/** A short human form for logs: `threshold 2, stable_for 90s (+0.5×age), min_age 120s`. */
export function describeRule(rule: PushRule): string {
  const slope = rule.slope > 0 ? ` (+${rule.slope}×age)` : '';
  return `threshold ${rule.threshold}, stable_for ${rule.stableForMs / 1000}s${slope}, min_age ${rule.minAgeMs / 1000}s`;
}
