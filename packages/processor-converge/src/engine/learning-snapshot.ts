import { RUNS_PER_HISTORY as K } from './history.js';
import { HistoryBuilder } from './history-builder.js';
import type { HistorySample } from './history-sample.js';
import type { PushRule } from './push-rule.js';
import type { RuleEvidence } from './rule-learner.js';
import { fromJson, invalidSnapshot, toJson, type JsonNumber } from './snapshot-json.js';
import type { SourceState } from './sources.js';

/**
 * The learned state in a checkpoint (optional: snapshots written before it restore as a cold start):
 * the random state, and per source its applied rule with its evidence and its sample of histories, the
 * ring's columns in place (only the runs each history uses). Open recorded trackers are stored with their
 * window (RecordingSnapshot), so a restored engine records, learns and pushes exactly as if uninterrupted.
 */
export interface LearningSnapshot {
  readonly rng: number;
  readonly sources: readonly SourceSnapshot[];
}

export interface SourceSnapshot {
  readonly name: string;
  readonly rule: PushRule;
  readonly evidence: RuleEvidence | null;
  readonly meetsTarget: boolean;
  readonly sinceLearn: number;
  readonly lastWindowTrackers: number;
  readonly sample: {
    readonly size: number;
    readonly next: number;
    readonly total: number;
    /** Per history: run count, close age, first-push age, flags, pushes. */
    readonly runs: readonly number[];
    readonly closeAge: readonly number[];
    readonly pushAge: readonly number[];
    readonly flags: readonly number[];
    readonly pushes: readonly number[];
    /** Per used run, history after history: start age, last age, count, final (0/1). */
    readonly run: readonly number[];
  };
}

/** One open recorded tracker (in its window's snapshot). `source` indexes LearningSnapshot.sources. */
export interface RecordingSnapshot {
  readonly slot: number;
  readonly source: number;
  readonly starts: readonly number[];
  readonly lasts: readonly number[];
  readonly counts: readonly number[];
  readonly values: readonly JsonNumber[];
  readonly merged: number;
  readonly firstPushMs: number | null;
  readonly firstPushValue: JsonNumber | null;
  readonly pushes: number;
}

export function encodeSource(s: SourceState): SourceSnapshot {
  const m = s.sample;
  const run: number[] = [];
  for (let i = 0; i < m.size; i++) {
    for (let r = 0; r < m.runs[i]!; r++) {
      const k = i * K + r;
      run.push(m.runStart[k]!, m.runLast[k]!, m.runCount[k]!, m.runFinal[k]!);
    }
  }
  const used = <T extends ArrayLike<number>>(a: T): number[] => Array.from(a).slice(0, m.size);
  return {
    name: s.name,
    rule: s.rule,
    evidence: s.evidence ?? null,
    meetsTarget: s.meetsTarget,
    sinceLearn: s.sinceLearn,
    lastWindowTrackers: s.lastWindowTrackers,
    sample: {
      size: m.size,
      next: m.cursor,
      total: m.total,
      runs: used(m.runs),
      closeAge: used(m.closeAge),
      pushAge: used(m.pushAge),
      flags: used(m.flags),
      pushes: used(m.pushes),
      run,
    },
  };
}

/** Fills `m` from a source snapshot (in place; a sample saved with a larger capacity keeps what fits). */
export function fillSample(snap: SourceSnapshot['sample'], m: HistorySample): void {
  const n = snap.size;
  const cols = [snap.runs, snap.closeAge, snap.pushAge, snap.flags, snap.pushes];
  if (!Number.isInteger(n) || n < 0 || !cols.every((c) => isList(c) && c.length === n)) {
    throw invalidSnapshot('a learned sample has columns of different lengths');
  }
  if (!isList(snap.run)) throw invalidSnapshot('a learned sample has no runs');
  const kept = Math.min(n, m.capacity);
  m.reserve(kept);
  let k = 0;
  for (let i = 0; i < kept; i++) {
    const runs = snap.runs[i]!;
    if (!Number.isInteger(runs) || runs < 0 || runs > K || k + runs * 4 > snap.run.length) {
      throw invalidSnapshot('a learned sample has malformed runs');
    }
    m.runs[i] = runs;
    for (let r = 0; r < runs; r++, k += 4) {
      m.runStart[i * K + r] = snap.run[k]!;
      m.runLast[i * K + r] = snap.run[k + 1]!;
      m.runCount[i * K + r] = snap.run[k + 2]!;
      m.runFinal[i * K + r] = snap.run[k + 3]!;
    }
    m.closeAge[i] = snap.closeAge[i]!;
    m.pushAge[i] = snap.pushAge[i]!;
    m.flags[i] = snap.flags[i]!;
    m.pushes[i] = snap.pushes[i]!;
  }
  // Below capacity the ring was never wrapped: its columns are in order and the next goes after them.
  m.setRing(kept, kept < m.capacity ? kept : snap.next, snap.total);
}

export function encodeRecording(slot: number, b: HistoryBuilder, sourceIndex: number): RecordingSnapshot {
  return {
    slot,
    source: sourceIndex,
    starts: b.starts,
    lasts: b.lasts,
    counts: b.counts,
    values: b.values.map(toJson),
    merged: b.merged,
    firstPushMs: Number.isNaN(b.firstPushMs) ? null : b.firstPushMs,
    firstPushValue: b.pushes === 0 ? null : toJson(b.firstPushValue),
    pushes: b.pushes,
  };
}

export function decodeRecording(r: RecordingSnapshot, code: number): HistoryBuilder {
  const cols = [r.starts, r.lasts, r.counts, r.values];
  if (!cols.every((c) => Array.isArray(c) && c.length === r.starts.length) || r.starts.length > K) {
    throw invalidSnapshot('a recorded history has malformed runs');
  }
  const b = new HistoryBuilder(code);
  b.starts.push(...r.starts);
  b.lasts.push(...r.lasts);
  b.counts.push(...r.counts);
  b.values.push(...r.values.map(fromJson));
  b.merged = r.merged;
  b.firstPushMs = r.firstPushMs ?? Number.NaN;
  b.firstPushValue = r.firstPushValue === null ? Number.NaN : fromJson(r.firstPushValue);
  b.pushes = r.pushes;
  return b;
}

/** Not a type guard on purpose: narrowing a typed list with Array.isArray makes it `any[]`. */
function isList(v: unknown): boolean {
  return Array.isArray(v);
}
