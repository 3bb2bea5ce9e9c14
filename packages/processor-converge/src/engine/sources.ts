import { HistorySample } from './history-sample.js';
import type { PushRule } from './push-rule.js';
import type { RuleEvidence } from './rule-learner.js';

/** Sources tracked separately; further ones share the last, named OTHER_SOURCE. */
export const MAX_SOURCES = 16;
export const OTHER_SOURCE = '(other)';

/** What the engine learns and applies per source (a dataset, or a metric name when no dataset is known). */
export interface SourceState {
  readonly name: string;
  readonly sample: HistorySample;
  rule: PushRule;
  /** Evidence of the applied rule, when it was learned (undefined: the cold-start or fixed rule). */
  evidence: RuleEvidence | undefined;
  meetsTarget: boolean;
  /** Histories added since the rule was last chosen. */
  sinceLearn: number;
  /** Trackers the source had in the last live window that closed: sets how likely a new one is recorded. */
  lastWindowTrackers: number;
}

/**
 * Source names ↔ small indexes (index + 1 is what a series carries in SeriesTable.src; 0 = not resolved
 * yet), and each source's state. The applied rules are also kept in flat columns by index + 1, read by the
 * stabiliser on every push decision (slot 0: the rule for unresolved series, never used in practice).
 */
export class SourceRegistry {
  readonly states: SourceState[] = [];
  private readonly index = new Map<string, number>();
  readonly threshold = new Int32Array(MAX_SOURCES + 1);
  readonly stableForMs = new Float64Array(MAX_SOURCES + 1);
  readonly minAgeMs = new Float64Array(MAX_SOURCES + 1);
  readonly slope = new Float64Array(MAX_SOURCES + 1);

  constructor(
    private readonly initialRule: PushRule,
    private readonly sampleSize: number,
  ) {
    this.setColumns(0, initialRule);
  }

  /** Index + 1 of the named source, registering it (with the initial rule) if new. */
  code(name: string): number {
    const i = this.index.get(name);
    if (i !== undefined) return i + 1;
    if (this.states.length >= MAX_SOURCES - 1 && name !== OTHER_SOURCE) return this.code(OTHER_SOURCE);
    const state: SourceState = {
      name,
      sample: new HistorySample(this.sampleSize),
      rule: this.initialRule,
      evidence: undefined,
      meetsTarget: false,
      sinceLearn: 0,
      lastWindowTrackers: 0,
    };
    this.states.push(state);
    this.index.set(name, this.states.length - 1);
    this.setColumns(this.states.length, this.initialRule);
    return this.states.length;
  }

  state(code: number): SourceState {
    const s = this.states[code - 1];
    if (s === undefined) throw new Error(`unknown source code ${code}`);
    return s;
  }

  apply(code: number, rule: PushRule): void {
    this.state(code).rule = rule;
    this.setColumns(code, rule);
  }

  private setColumns(code: number, rule: PushRule): void {
    this.threshold[code] = rule.threshold;
    this.stableForMs[code] = rule.stableForMs;
    this.minAgeMs[code] = rule.minAgeMs;
    this.slope[code] = rule.slope;
  }
}

/**
 * The metric name a canonical series key starts with (a JSON string), for series known only by key; for a
 * key in another form (columnar callers may use their own), what comes before its first `{`.
 */
export function metricNameOfKey(key: string): string {
  if (key.charCodeAt(0) !== 34) {
    const brace = key.indexOf('{');
    return brace < 0 ? key : key.slice(0, brace);
  }
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) {
      try {
        return JSON.parse(key.slice(0, i + 1)) as string;
      } catch {
        return key.slice(1, i);
      }
    }
  }
  return key;
}
