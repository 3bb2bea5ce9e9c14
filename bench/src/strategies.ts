import type { EngineOptions } from '@settle/processor-converge';
import type { EngineVariant } from './converge-tap.js';
import type { StrategyResult } from './scenario.js';

/** Converge's window: a minute is force-pushed 15 minutes after its end at the latest (the processor default). */
export const TTL_MS = 15 * 60_000;
/** First-push exactness the best fixed rule must reach, %: issue 14's target for the learned rule. */
export const TARGET_EXACTNESS = 99.9;

export interface NamedStrategy {
  readonly name: string;
  /** Engine options; the TTL above is added. */
  readonly options: EngineOptions;
}

/**
 * The converge rules of the headline besides the grid's best, one line each. Every one runs on every settling
 * model, fed by the same receiver as the grid, and gets issue 14's target check.
 */
export const STRATEGIES: readonly NamedStrategy[] = [
  { name: "today's defaults (threshold 2, stable_for 2m)", options: { threshold: 2, stableForMs: 120_000 } },
  // The processor's default: the rule converge learns per source from its own recorded histories (issue 14).
  { name: 'learned rule (target 99.9 %)', options: { targetExactness: 0.999 } },
];

/**
 * The fixed rules searched for each model's best. Threshold 3 only without stable_for: at a 30 s poll, three
 * equal observations span 60 s, so threshold 3 with any stable_for ≥ 60 s equals threshold 2 with it, and a
 * stable_for of one poll (30 s) adds nothing to threshold 2 (the issue-8 grid measured both: identical rows).
 */
export const GRID = {
  stableForS: [0, 60, 90, 120, 150, 180, 240, 300, 420],
  minAgeS: [0, 60, 90, 120, 180, 240, 300, 420, 600],
} as const;

export interface FixedRule {
  readonly threshold: number;
  readonly stableForMs: number;
  readonly minAgeMs: number;
}

export function gridRules(): FixedRule[] {
  const rules: FixedRule[] = [];
  for (const minAgeS of GRID.minAgeS) {
    rules.push({ threshold: 3, stableForMs: 0, minAgeMs: minAgeS * 1000 });
    for (const stableForS of GRID.stableForS) {
      rules.push({ threshold: 2, stableForMs: stableForS * 1000, minAgeMs: minAgeS * 1000 });
    }
  }
  return rules;
}

export const ruleName = (r: FixedRule): string =>
  `threshold ${r.threshold}, stable_for ${r.stableForMs / 1000} s, min_age ${r.minAgeMs / 1000} s`;

/** Every engine one receiver feeds: the grid (names prefixed `grid: `) and the named strategies. */
export function engineVariants(): EngineVariant[] {
  return [
    ...gridRules().map((r) => ({ name: `grid: ${ruleName(r)}`, options: { ...r, ttlMs: TTL_MS } })),
    ...STRATEGIES.map((s) => ({ name: s.name, options: { ...s.options, ttlMs: TTL_MS } })),
  ];
}

export const isGrid = (s: StrategyResult): boolean => s.name.startsWith('grid: ');

/**
 * The best fixed rule of a grid for one model: the freshest (lowest p50, then p90, p99) whose first push is
 * exact for at least TARGET_EXACTNESS % of points; when none is, the most exact (then the freshest).
 */
export function bestOfGrid(grid: readonly StrategyResult[]): { best: StrategyResult; reachesTarget: boolean } {
  const fresher = (a: StrategyResult, b: StrategyResult): number =>
    a.figures.p50 - b.figures.p50 || a.figures.p90 - b.figures.p90 || a.figures.p99 - b.figures.p99;
  const meeting = grid.filter((s) => s.figures.firstExact >= TARGET_EXACTNESS).sort(fresher);
  if (meeting[0] !== undefined) return { best: meeting[0], reachesTarget: true };
  const exact = [...grid].sort((a, b) => b.figures.firstExact - a.figures.firstExact || fresher(a, b));
  if (exact[0] === undefined) throw new Error('empty grid');
  return { best: exact[0], reachesTarget: false };
}

/**
 * The grid's trade-off curve: the rules no other rule beats on both p50 delay and first-push exactness,
 * ordered by delay (what the plot draws as a line).
 */
export function frontier(grid: readonly StrategyResult[]): StrategyResult[] {
  const sorted = [...grid].sort((a, b) => a.figures.p50 - b.figures.p50 || b.figures.firstExact - a.figures.firstExact);
  const out: StrategyResult[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last === undefined || s.figures.firstExact > last.figures.firstExact) out.push(s);
  }
  return out;
}
