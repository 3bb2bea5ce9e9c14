/** One-sided 95 % normal quantile: the margin every learned rule's exactness is judged with. */
export const Z_95 = 1.6448536269514722;

/**
 * Wilson score lower bound of a proportion (`exact` successes of `n`), one-sided at the given z. Chosen over
 * the plain normal interval because it stays sensible at 0 failures (where the learned rule lives: a 99.9 %
 * target leaves room for a handful of wrong pushes in thousands), and over Clopper-Pearson because it is
 * closed-form and barely less conservative at these n. 0 when n is 0.
 */
export function wilsonLower(exact: number, n: number, z = Z_95): number {
  if (n <= 0) return 0;
  const p = exact / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - margin) / (1 + z2 / n));
}

/**
 * The fewest histories whose lower bound can reach `target` at all (every one of them exact): below it no
 * rule can be shown to meet the target, and the engine keeps its conservative rule.
 */
export function minHistoriesFor(target: number, z = Z_95): number {
  if (target <= 0) return 1;
  if (target >= 1) return Number.POSITIVE_INFINITY;
  return Math.ceil((z * z * target) / (1 - target));
}
