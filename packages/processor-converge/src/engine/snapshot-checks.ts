import type { LearningSnapshot, RecordingSnapshot } from './learning-snapshot.js';
import { invalidSnapshot } from './snapshot-json.js';

/** Shape checks shared by both checkpoint decoders (snapshot-decode-json.ts, snapshot-decode-binary.ts). */

/** The parts both formats store alike: expiry and observation times, closed buckets, learned state. */
export function decodeHead(input: Record<string, unknown>): {
  expiredThroughMs: number | undefined;
  observedThroughMs: number | undefined;
  closed: string[];
  learning: LearningSnapshot | undefined;
} {
  const expired = input.expiredThroughMs;
  if (expired !== null && typeof expired !== 'number') throw invalidSnapshot('expiredThroughMs is not a number');
  const observed = input.observedThroughMs;
  if (observed !== undefined && observed !== null && typeof observed !== 'number') {
    throw invalidSnapshot('observedThroughMs is not a number');
  }
  const closed = arrayField<unknown>(input, 'closed').map((c) => {
    if (typeof c !== 'string') throw invalidSnapshot('closed holds a non-string');
    return c;
  });
  return {
    expiredThroughMs: expired ?? undefined,
    observedThroughMs: observed ?? undefined,
    closed,
    learning: decodeLearning(input.learning),
  };
}

/** The learned state, checked for shape (its samples are checked as they are loaded); absent in old snapshots. */
function decodeLearning(v: unknown): LearningSnapshot | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v) || typeof v.rng !== 'number' || !Array.isArray(v.sources)) {
    throw invalidSnapshot('learning has no rng or sources');
  }
  for (const s of v.sources as unknown[]) {
    if (!isObject(s) || typeof s.name !== 'string' || !isObject(s.rule) || !isObject(s.sample)) {
      throw invalidSnapshot('a learned source has no name, rule or sample');
    }
  }
  return v as unknown as LearningSnapshot;
}

/** A window's recorded histories (checked further as they are loaded: Learning.restoreRecording). */
export function recordingOf(w: Record<string, unknown>, i: number): RecordingSnapshot[] {
  const recording: unknown = w.recording ?? [];
  if (!Array.isArray(recording) || !recording.every(isObject)) {
    throw invalidSnapshot(`windows[${i}].recording is not a list`);
  }
  return recording as unknown as RecordingSnapshot[];
}

export function arrayField<T>(o: Record<string, unknown>, name: string): T[] {
  const v = o[name];
  if (!Array.isArray(v)) throw invalidSnapshot(`${name} is not a list`);
  return v as T[];
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
