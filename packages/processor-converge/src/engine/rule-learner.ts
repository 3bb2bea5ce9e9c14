import { Z_95, wilsonLower } from './confidence.js';
import { delaysOf, quantile, scoreRule, type RuleScore } from './counterfactual.js';
import type { HistorySample } from './history-sample.js';
import { atLeast, sameRule, type PushRule } from './push-rule.js';

/** What a rule was chosen on: the sample it was scored against and how it did there. */
export interface RuleEvidence {
  readonly n: number;
  /** Share of its counterfactual first pushes that were final. */
  readonly exactness: number;
  /** One-sided 95 % Wilson lower bound of that share: what is compared with the target. */
  readonly lowerBound: number;
  readonly meanDelayMs: number;
  readonly p50DelayMs: number;
}

export interface RuleChoice {
  readonly rule: PushRule;
  readonly evidence: RuleEvidence;
  /** False when no candidate's lower bound reaches the target: the most exact candidate is chosen instead. */
  readonly meetsTarget: boolean;
}

const S = 1000;
/**
 * The candidate grid: threshold × stable_for × min_age (300 rules). The age-dependent family (stable_for
 * growing with the bucket's age when the run started, `AGE_SLOPES`) was measured against it on the
 * simulator's three settling models (bench/learn-bench.ts, README) and chose the same rule on each, at four
 * times the cost, so the applied family is the fixed-wait one; the evaluator handles both.
 */
export const GRID = {
  threshold: [1, 2],
  stableForMs: [0, 30, 60, 90, 120, 150, 180, 240, 300, 420].map((s) => s * S),
  minAgeMs: [0, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 360, 420, 540, 720].map((s) => s * S),
  slope: [0],
} as const;

/** Slopes of the age-dependent family, for measuring it against the grid. */
export const AGE_SLOPES: readonly number[] = [0, 0.25, 0.5, 1];

/** Every grid rule raised to the floors, without duplicates. `slopes` narrows the family (measurements). */
export function candidates(floor: PushRule, slopes: readonly number[] = GRID.slope): PushRule[] {
  const seen = new Set<string>();
  const out: PushRule[] = [];
  for (const threshold of GRID.threshold) {
    for (const stableForMs of GRID.stableForMs) {
      for (const minAgeMs of GRID.minAgeMs) {
        for (const slope of slopes) {
          const rule = atLeast({ threshold, stableForMs, minAgeMs, slope }, floor);
          const id = `${rule.threshold}/${rule.stableForMs}/${rule.minAgeMs}/${rule.slope}`;
          if (!seen.has(id)) {
            seen.add(id);
            out.push(rule);
          }
        }
      }
    }
  }
  return out;
}

/**
 * The freshest candidate whose exactness lower bound meets `target`, freshest meaning the lowest MEAN delay
 * from bucket end to first push: the mean counts every point, so a rule cannot look fresh by pushing half
 * the points early and leaving the rest to the TTL, as one judged by its median could. If none meets the
 * target, the one with the highest lower bound. The `current` rule is kept while it still meets the target
 * and is within 2 % (or 1 s) of the best, so the applied rule does not flap between near-equal candidates.
 */
export function chooseRule(
  sample: HistorySample,
  target: number,
  pool: readonly PushRule[],
  current?: PushRule,
  z = Z_95,
): RuleChoice {
  let best: { rule: PushRule; score: RuleScore; lb: number } | undefined;
  let fallback: { rule: PushRule; score: RuleScore; lb: number } | undefined;
  let kept: { rule: PushRule; score: RuleScore; lb: number } | undefined;
  for (const rule of pool) {
    const score = scoreRule(rule, sample);
    const lb = wilsonLower(score.exact, score.n, z);
    const c = { rule, score, lb };
    if (current !== undefined && sameRule(rule, current)) kept = c;
    if (lb >= target) {
      if (best === undefined || score.meanDelayMs < best.score.meanDelayMs) best = c;
    } else if (
      fallback === undefined ||
      lb > fallback.lb ||
      (lb === fallback.lb && score.meanDelayMs < fallback.score.meanDelayMs)
    ) {
      fallback = c;
    }
  }
  if (best !== undefined && kept !== undefined && kept.lb >= target) {
    if (kept.score.meanDelayMs <= best.score.meanDelayMs * 1.02 + 1000) best = kept;
  }
  const chosen = best ?? fallback;
  if (chosen === undefined) throw new Error('chooseRule needs at least one candidate');
  return {
    rule: chosen.rule,
    evidence: evidenceOf(chosen.rule, chosen.score, chosen.lb, sample),
    meetsTarget: best !== undefined,
  };
}

export function evidenceOf(rule: PushRule, score: RuleScore, lowerBound: number, sample: HistorySample): RuleEvidence {
  return {
    n: score.n,
    exactness: score.n === 0 ? 1 : score.exact / score.n,
    lowerBound,
    meanDelayMs: score.meanDelayMs,
    p50DelayMs: quantile(delaysOf(rule, sample), 0.5),
  };
}
