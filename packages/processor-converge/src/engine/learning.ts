import { minHistoriesFor, Z_95 } from './confidence.js';
import { R_TTL } from './emission-buffer.js';
import { HistoryBuilder } from './history-builder.js';
import {
  decodeRecording,
  encodeSource,
  fillSample,
  type LearningSnapshot,
  type RecordingSnapshot,
} from './learning-snapshot.js';
import { invalidSnapshot } from './snapshot-json.js';
import { measure, type SourceMeasurement } from './measurements.js';
import type { ResolvedOptions } from './options.js';
import { Prng } from './prng.js';
import { atLeast, COLD_RULE, sameRule, type PushRule } from './push-rule.js';
import { candidates, chooseRule, type RuleEvidence } from './rule-learner.js';
import type { SeriesTable } from './series-table.js';
import { MAX_SOURCES, metricNameOfKey, SourceRegistry } from './sources.js';
import { RECORDED, STALE, type TrackerWindow } from './tracker-window.js';
import type { ValueRule } from './value-rule.js';

/** A change of a source's applied rule, with what it was chosen on (undefined: back to the cold rule). */
export interface RuleChange {
  readonly source: string;
  readonly atMs: number;
  readonly from: PushRule;
  readonly to: PushRule;
  readonly evidence: RuleEvidence | undefined;
  /** False when no candidate met the target and the most exact one was applied. */
  readonly meetsTarget: boolean;
}

/**
 * Self-measurement and the learned push rule. A few trackers per source and bucket are picked at random
 * when they open (at most `perWindow`; the probability follows the source's size), their history is recorded
 * while their window is open, and when a live window closes at its TTL each recorded history joins its
 * source's sample (HistorySample). Every `relearnEvery` new histories the source's rule is chosen again on
 * the sample (rule-learner.ts); changes are queued for the shell to log. Pure: randomness from a seeded Prng
 * in the state.
 */
export class Learning {
  readonly sources: SourceRegistry;
  readonly rng: Prng;
  /** Source code of the batch being ingested (its dataset or metric); 0: derive from the series key. */
  current = 0;
  private changes: RuleChange[] = [];
  private readonly floor: PushRule;
  private readonly pool: readonly PushRule[] | undefined;
  private readonly minHistories: number;
  private readonly counts = new Int32Array(MAX_SOURCES + 1);

  constructor(
    private readonly options: ResolvedOptions,
    private readonly series: SeriesTable,
    private readonly values: ValueRule,
  ) {
    this.floor = {
      threshold: options.threshold,
      stableForMs: options.stableForMs,
      minAgeMs: options.minAgeMs,
      slope: 0,
    };
    const target = options.targetExactness;
    this.pool = target === undefined ? undefined : candidates(this.floor);
    this.minHistories =
      target === undefined ? Infinity : Math.max(options.learning.minHistories, minHistoriesFor(target));
    this.sources = new SourceRegistry(
      target === undefined ? this.floor : atLeast(COLD_RULE, this.floor),
      options.learning.sampleSize,
    );
    this.rng = new Prng(options.learning.seed);
  }

  /** The source code of series `sid`, resolved on its first tracker. */
  codeOf(sid: number): number {
    const src = this.series.src;
    let c = src[sid]!;
    if (c === 0) {
      c = this.current !== 0 ? this.current : this.codeOfKey(this.series.keyOf(sid));
      src[sid] = c;
    }
    return c;
  }

  // Series known only by key (columnar input) nearly always share the last one's metric: its quoted name,
  // which starts the key, is compared in place. Parsing the name out of every key cost ~20 bytes per tracker
  // on the engine benchmark (the substrings V8 kept), besides the time.
  private lastPrefix = '';
  private lastCode = 0;

  private codeOfKey(key: string): number {
    if (this.lastCode !== 0 && key.startsWith(this.lastPrefix)) return this.lastCode;
    const name = metricNameOfKey(key);
    this.lastCode = this.sources.code(name);
    this.lastPrefix = key.charCodeAt(0) === 34 ? JSON.stringify(name) : `${name}{`;
    return this.lastCode;
  }

  /** A live tracker opened: record its history if the draw says so. */
  opened(w: TrackerWindow, slot: number, sid: number, v: number, now: number): void {
    const c = this.codeOf(sid);
    const per = this.options.learning.perWindow;
    const recorded = w.recordedBySource;
    if (recorded !== undefined && recorded[c]! >= per) return;
    const seen = this.sources.state(c).lastWindowTrackers;
    if (seen > per && this.rng.next() * seen >= per) return;
    const b = new HistoryBuilder(c);
    b.observe(now - w.timeMs, v, true);
    w.record(slot, b, MAX_SOURCES + 1);
  }

  /** An observation of a recorded tracker. */
  observed(w: TrackerWindow, slot: number, v: number, now: number, changed: boolean): void {
    w.recording?.get(slot)?.observe(now - w.timeMs, v, changed);
  }

  /** A push of a recorded tracker. */
  pushed(w: TrackerWindow, slot: number, now: number): void {
    if ((w.flags[slot]! & RECORDED) !== 0) w.recording?.get(slot)?.pushed(now - w.timeMs, w.latest[slot]!);
  }

  /** A window closed (its pushes done, its series not yet released): its histories join the samples. */
  windowClosed(w: TrackerWindow, now: number, reason: number): void {
    // Evicted windows' last values are not known to be final, and backfill-only windows have no settling.
    if (reason !== R_TTL || !w.live) return;
    const { counts } = this;
    counts.fill(0);
    for (let slot = 0; slot < w.size; slot++) counts[this.series.src[w.sid[slot]!]!]!++;
    for (let c = 1; c < counts.length; c++) if (counts[c]! > 0) this.sources.state(c).lastWindowTrackers = counts[c]!;
    if (w.recording === undefined) return;
    const equal = (a: number, b: number): boolean => this.values.equal(a, b);
    for (const [slot, b] of w.recording) {
      // Never read again after a restart: its history misses the downtime and would look settled.
      if ((w.flags[slot]! & STALE) !== 0) continue;
      const state = this.sources.state(b.source);
      state.sample.add(b.finish(now - w.timeMs, w.latest[slot]!, equal));
      state.sinceLearn++;
    }
  }

  /** Chooses again the rule of every source with enough new histories. */
  relearn(now: number): void {
    const target = this.options.targetExactness;
    if (target === undefined || this.pool === undefined) return;
    for (let c = 1; c <= this.sources.states.length; c++) {
      const state = this.sources.state(c);
      if (state.sample.size < this.minHistories) continue;
      if (state.evidence !== undefined && state.sinceLearn < this.options.learning.relearnEvery) continue;
      const choice = chooseRule(state.sample, target, this.pool, state.rule, Z_95);
      state.evidence = choice.evidence;
      state.meetsTarget = choice.meetsTarget;
      state.sinceLearn = 0;
      if (sameRule(choice.rule, state.rule)) continue;
      this.changes.push({
        source: state.name,
        atMs: now,
        from: state.rule,
        to: choice.rule,
        evidence: choice.evidence,
        meetsTarget: choice.meetsTarget,
      });
      this.sources.apply(c, choice.rule);
    }
  }

  /** Rule changes since the last call. */
  takeChanges(): RuleChange[] {
    const out = this.changes;
    this.changes = [];
    return out;
  }

  measurements(): SourceMeasurement[] {
    return this.sources.states.map((s) => measure(s));
  }

  /**
   * Restores the sources (in their saved order, so saved source codes stay valid), their samples and rules,
   * and the random state. A rule saved under other floors is raised to them and chosen again at the next
   * close; without a target, the fixed rule applies whatever was saved.
   */
  load(state: LearningSnapshot): void {
    this.rng.state = state.rng;
    for (const s of state.sources) {
      const c = this.sources.code(s.name);
      const st = this.sources.state(c);
      fillSample(s.sample, st.sample);
      st.sinceLearn = s.sinceLearn;
      st.lastWindowTrackers = s.lastWindowTrackers;
      if (this.pool === undefined) continue;
      const rule = atLeast(s.rule, this.floor);
      st.evidence = sameRule(rule, s.rule) ? (s.evidence ?? undefined) : undefined;
      st.meetsTarget = s.meetsTarget;
      this.sources.apply(c, rule);
    }
  }

  /** An open recorded tracker from a snapshot (its tracker restored already, in the same slot). */
  restoreRecording(w: TrackerWindow, r: RecordingSnapshot): void {
    const code = r.source + 1;
    if (!Number.isInteger(r.slot) || r.slot < 0 || r.slot >= w.size || code > this.sources.states.length) {
      throw invalidSnapshot(`a recorded history refers to slot ${r.slot} or source ${r.source}, which do not exist`);
    }
    w.record(r.slot, decodeRecording(r, code), MAX_SOURCES + 1);
  }

  snapshot(): LearningSnapshot {
    return { rng: this.rng.state, sources: this.sources.states.map(encodeSource) };
  }
}
