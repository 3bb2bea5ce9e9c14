import { RUNS_PER_HISTORY as K } from './history.js';
import type { PushRule } from './push-rule.js';
import type { RuleEvidence } from './rule-learner.js';
import type { SourceState } from './sources.js';

export interface Quantiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** What the engine measured of itself for one source, on its sample of recorded histories. */
export interface SourceMeasurement {
  readonly source: string;
  /** Histories in the sample, and ever recorded. */
  readonly histories: number;
  readonly recorded: number;
  /** Share of sampled points whose first push was their final value (NaN with no history yet). */
  readonly firstPushExactness: number;
  /** Share of sampled points pushed more than once. */
  readonly revisionRate: number;
  /** Age (ms after the bucket's end) of each point's last change: when it reached its final value. */
  readonly lastChangeMs: Quantiles;
  /** Delay from the bucket's end to the point's first push. */
  readonly firstPushDelayMs: Quantiles;
  /** The rule applied now, and what it was chosen on (undefined: cold-start or fixed rule). */
  readonly rule: PushRule;
  readonly evidence: RuleEvidence | undefined;
  readonly meetsTarget: boolean;
}

export function measure(state: SourceState): SourceMeasurement {
  const s = state.sample;
  const n = s.size;
  const lastChange = new Float64Array(n);
  const delay = new Float64Array(n);
  let exact = 0;
  let revised = 0;
  for (let i = 0; i < n; i++) {
    lastChange[i] = s.runStart[i * K + s.runs[i]! - 1]!;
    delay[i] = s.pushAge[i]!;
    if ((s.flags[i]! & 1) !== 0) exact++;
    if (s.pushes[i]! > 1) revised++;
  }
  return {
    source: state.name,
    histories: n,
    recorded: s.total,
    firstPushExactness: n === 0 ? Number.NaN : exact / n,
    revisionRate: n === 0 ? Number.NaN : revised / n,
    lastChangeMs: quantiles(lastChange),
    firstPushDelayMs: quantiles(delay),
    rule: state.rule,
    evidence: state.evidence,
    meetsTarget: state.meetsTarget,
  };
}

function quantiles(values: Float64Array): Quantiles {
  const sorted = values.sort();
  return { p50: rank(sorted, 0.5), p90: rank(sorted, 0.9), p99: rank(sorted, 0.99), max: rank(sorted, 1) };
}

/** Nearest-rank quantile of sorted values (NaN when empty). */
function rank(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
