/** Flag bit: the tracker's `pushed` column holds a value that left the engine. */
export const PUSHED = 1;
/** Flag bit: the tracker's history is being recorded (its builder is in `recording`). */
export const RECORDED = 2;
/** Flag bit: restored with an unpushed value last seen before a restart, not observed since (see `stale`). */
export const STALE = 4;

import type { HistoryBuilder } from './history-builder.js';

const MIN_CAPACITY = 16;

/** A stable identity for a bucket, used in maps, the closed-bucket memory and snapshots. */
export function windowId(startMs: number | undefined, timeMs: number): string {
  return startMs === undefined ? `@${timeMs}` : `${startMs}/${timeMs}`;
}

/**
 * One source bucket and the trackers of every series seen in it, stored as columns (struct of arrays):
 * a tracker costs ~27 bytes plus 4 per interned series for the id→slot index, and observing one allocates
 * nothing. Slots are never removed; the whole window goes at once when it closes.
 */
export class TrackerWindow {
  readonly id: string;
  readonly startMs: number | undefined;
  readonly timeMs: number;
  /** Another open window with the same `timeMs` but a different start (rare: mixed bucket sizes). */
  sameTime: TrackerWindow | undefined = undefined;
  /** Whether a live observation landed here (live windows close `ttl` after the bucket's end). */
  live = false;
  /** Latest `now` at which backfill data landed here (backfill-only windows close `ttl` after it). */
  backfillMs = Number.NEGATIVE_INFINITY;
  closed = false;
  /**
   * Trackers flagged STALE by a restart, and until when the window waits for them to be read again (it closes
   * at the later of its own deadline and this one while any is left; see ConvergeEngine.restore).
   */
  stale = 0;
  staleUntilMs = Number.NEGATIVE_INFINITY;
  size = 0;
  sid: Int32Array;
  latest: Float64Array;
  /** First value of the current run; only kept when a tolerance is set (otherwise equal to `latest`). */
  anchor: Float64Array | undefined;
  /**
   * When the current run started, as milliseconds after the bucket's end (runStartOf / runOffset): 4 bytes
   * instead of 8, exact within ±24.8 days of the bucket's end (clamped beyond, where no rule looks).
   */
  runStart: Int32Array;
  pushed: Float64Array;
  run: Uint16Array;
  flags: Uint8Array;
  /** Slot + 1 by series id; 0 means the series has no tracker here. */
  slotOf: Int32Array;
  /** Histories recorded here (by slot), and how many per source code; only for the few trackers sampled. */
  recording: Map<number, HistoryBuilder> | undefined;
  recordedBySource: Uint16Array | undefined;

  constructor(startMs: number | undefined, timeMs: number, capacity: number, tolerant: boolean) {
    this.id = windowId(startMs, timeMs);
    this.startMs = startMs;
    this.timeMs = timeMs;
    const cap = Math.max(MIN_CAPACITY, capacity);
    this.sid = new Int32Array(cap);
    this.latest = new Float64Array(cap);
    this.anchor = tolerant ? new Float64Array(cap) : undefined;
    this.runStart = new Int32Array(cap);
    this.pushed = new Float64Array(cap);
    this.run = new Uint16Array(cap);
    this.flags = new Uint8Array(cap);
    this.slotOf = new Int32Array(0);
    this.recording = undefined;
    this.recordedBySource = undefined;
  }

  /** Starts recording the history of the tracker in `slot` (`sources`: how many source codes exist). */
  record(slot: number, b: HistoryBuilder, sources: number): void {
    this.recording ??= new Map();
    this.recordedBySource ??= new Uint16Array(sources);
    this.recording.set(slot, b);
    this.recordedBySource[b.source]!++;
    this.flags[slot]! |= RECORDED;
  }

  /** Adds a tracker for `sid` with a first observation; returns its slot. */
  add(sid: number, value: number, now: number, seriesCapacity: number): number {
    if (this.size === this.sid.length) this.grow(this.size * 2);
    if (sid >= this.slotOf.length) this.growIndex(Math.max(sid + 1, seriesCapacity));
    const slot = this.size++;
    this.sid[slot] = sid;
    this.latest[slot] = value;
    if (this.anchor !== undefined) this.anchor[slot] = value;
    this.runStart[slot] = runOffset(now, this.timeMs);
    this.run[slot] = 1;
    this.flags[slot] = 0;
    this.slotOf[sid] = slot + 1;
    return slot;
  }

  /** Adds a tracker with restored state (snapshot). */
  restore(sid: number, seriesCapacity: number, t: RestoredTracker): void {
    const slot = this.add(sid, t.latest, t.runStartMs, seriesCapacity);
    if (this.anchor !== undefined) this.anchor[slot] = t.anchor;
    this.run[slot] = t.run;
    if (t.pushed !== undefined) {
      this.pushed[slot] = t.pushed;
      this.flags[slot] = PUSHED;
    }
  }

  private grow(capacity: number): void {
    const cap = Math.max(MIN_CAPACITY, capacity);
    this.sid = resize(this.sid, new Int32Array(cap), this.size);
    this.latest = resize(this.latest, new Float64Array(cap), this.size);
    if (this.anchor !== undefined) this.anchor = resize(this.anchor, new Float64Array(cap), this.size);
    this.runStart = resize(this.runStart, new Int32Array(cap), this.size);
    this.pushed = resize(this.pushed, new Float64Array(cap), this.size);
    this.run = resize(this.run, new Uint16Array(cap), this.size);
    this.flags = resize(this.flags, new Uint8Array(cap), this.size);
  }

  private growIndex(length: number): void {
    const next = new Int32Array(Math.max(length, Math.ceil(this.slotOf.length * 1.5)));
    next.set(this.slotOf);
    this.slotOf = next;
  }
}

const MAX_OFFSET = 0x7fffffff;

/** `now` as a run start offset from the bucket's end `timeMs` (whole milliseconds, clamped to Int32). */
export function runOffset(now: number, timeMs: number): number {
  const d = Math.round(now - timeMs);
  return d > MAX_OFFSET ? MAX_OFFSET : d < -MAX_OFFSET ? -MAX_OFFSET : d;
}

export interface RestoredTracker {
  readonly latest: number;
  readonly anchor: number;
  readonly run: number;
  readonly runStartMs: number;
  readonly pushed: number | undefined;
}

function resize<T extends Int32Array | Float64Array | Uint16Array | Uint8Array>(from: T, to: T, used: number): T {
  to.set(from.subarray(0, used));
  return to;
}
