import type { History } from './history.js';
import { RUNS_PER_HISTORY as K } from './history.js';
import { HistorySample } from './history-sample.js';
import { requiredSpanMs, type PushRule } from './push-rule.js';

/** How a rule would have done on a sample: its first pushes' exactness and delay (bucket end → push). */
export interface RuleScore {
  readonly n: number;
  /** First pushes whose value was the final one. */
  readonly exact: number;
  readonly meanDelayMs: number;
}

/**
 * The age at which `rule` would first push a run (start, last observation, count), or NaN if it never does.
 * Whether it fires is exact: every condition only gets easier as the run goes on, so it fires iff its last
 * observation satisfies them all. When is estimated with the run's observations evenly spaced (polls are).
 * Mirrors Stabiliser.settle: a bucket still running is never pushed (min_age is at least 0).
 */
export function fireAge(rule: PushRule, start: number, last: number, count: number): number {
  const need = requiredSpanMs(rule, start);
  const minAge = Math.max(0, rule.minAgeMs);
  if (count < rule.threshold || last - start < need || last < minAge) return Number.NaN;
  if (count === 1) return start;
  const dt = (last - start) / (count - 1);
  const jSpan = need <= 0 ? 1 : Math.ceil(need / dt) + 1;
  const jAge = start >= minAge ? 1 : Math.ceil((minAge - start) / dt) + 1;
  const j = Math.min(count, Math.max(rule.threshold, jSpan, jAge));
  return start + (j - 1) * dt;
}

/** Scores `rule` on every history of the sample. A history it never fires on is pushed (exactly) at close. */
export function scoreRule(rule: PushRule, s: HistorySample): RuleScore {
  let exact = 0;
  let delay = 0;
  for (let i = 0; i < s.size; i++) {
    const [age, final] = firstPush(rule, s, i);
    if (final) exact++;
    delay += Math.max(0, age);
  }
  return { n: s.size, exact, meanDelayMs: s.size === 0 ? 0 : delay / s.size };
}

/** The delay of each history's first push under `rule`, for quantiles of the chosen rule. */
export function delaysOf(rule: PushRule, s: HistorySample): Float64Array {
  const out = new Float64Array(s.size);
  for (let i = 0; i < s.size; i++) out[i] = Math.max(0, firstPush(rule, s, i)[0]);
  return out;
}

const result: [number, boolean] = [0, false];

/** Age and finality of the first push of history `i` (a reused tuple: read it before the next call). */
function firstPush(rule: PushRule, s: HistorySample, i: number): [number, boolean] {
  const n = s.runs[i]!;
  for (let r = 0; r < n; r++) {
    const k = i * K + r;
    const age = fireAge(rule, s.runStart[k]!, s.runLast[k]!, s.runCount[k]!);
    if (age === age) {
      result[0] = age;
      result[1] = s.runFinal[k] === 1;
      return result;
    }
  }
  result[0] = s.closeAge[i]!;
  result[1] = true;
  return result;
}

/** A sample holding `histories` (tests, and evaluating recorded histories outside the engine). */
export function sampleOf(histories: readonly History[]): HistorySample {
  const s = new HistorySample(Math.max(1, histories.length));
  for (const h of histories) s.add(h);
  return s;
}

/** The q-quantile (0..1) of values, nearest rank; NaN when empty. Sorts a copy. */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
