/**
 * When two observations count as the same value: exactly (NaN included: a NaN that keeps coming back is as
 * stable as any number), or, with a tolerance, within a relative difference — so sampled (adaptive)
 * datasets, whose repeated queries differ slightly, can converge.
 */
export class ValueRule {
  readonly tolerant: boolean;

  constructor(readonly tolerance: number) {
    this.tolerant = tolerance > 0;
  }

  equal(a: number, b: number): boolean {
    return this.tolerant ? near(a, b, this.tolerance) : sameValue(a, b);
  }
}

/** Relative tolerance: |a − b| ≤ tolerance × max(|a|, |b|). */
export function near(a: number, b: number, tolerance: number): boolean {
  return sameValue(a, b) || Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

export function sameValue(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}
