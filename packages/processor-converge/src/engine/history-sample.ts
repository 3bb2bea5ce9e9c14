import { BYTES_PER_HISTORY, RUNS_PER_HISTORY as K, type History, type HistoryRun } from './history.js';

const EXACT = 1;

/**
 * A bounded sample of one source's histories: the most recent `capacity` recorded ones, in a ring of typed
 * columns (BYTES_PER_HISTORY = 171 bytes each: 1.4 MB for the default 8,192). Which trackers are recorded is decided at
 * random when they open (HistoryRecorder), at most a few per bucket, so the ring spans many buckets and
 * follows the source when its behaviour changes.
 */
export class HistorySample {
  size = 0;
  /** Histories ever added (the ring keeps the last `capacity`). */
  total = 0;
  private next = 0;
  // Columns grow (doubling) up to `capacity`: a source that records few histories costs little.
  runs = new Uint8Array(0);
  runStart = new Float32Array(0);
  runLast = new Float32Array(0);
  runCount = new Uint8Array(0);
  runFinal = new Uint8Array(0);
  closeAge = new Float32Array(0);
  pushAge = new Float32Array(0);
  flags = new Uint8Array(0);
  pushes = new Uint8Array(0);

  constructor(readonly capacity: number) {}

  /** Bytes the columns take now (at most `capacity` × BYTES_PER_HISTORY). */
  get bytes(): number {
    return this.runs.length * BYTES_PER_HISTORY;
  }

  /** Makes room for `n` histories (capped at capacity). */
  reserve(n: number): void {
    const have = this.runs.length;
    if (n <= have) return;
    const cap = Math.min(this.capacity, Math.max(n, 64, have * 2));
    this.runs = grown(this.runs, new Uint8Array(cap));
    this.runStart = grown(this.runStart, new Float32Array(cap * K));
    this.runLast = grown(this.runLast, new Float32Array(cap * K));
    this.runCount = grown(this.runCount, new Uint8Array(cap * K));
    this.runFinal = grown(this.runFinal, new Uint8Array(cap * K));
    this.closeAge = grown(this.closeAge, new Float32Array(cap));
    this.pushAge = grown(this.pushAge, new Float32Array(cap));
    this.flags = grown(this.flags, new Uint8Array(cap));
    this.pushes = grown(this.pushes, new Uint8Array(cap));
  }

  add(h: History): void {
    const i = this.next;
    this.reserve(i + 1);
    this.next = (i + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
    this.total++;
    const n = Math.min(K, h.runs.length);
    this.runs[i] = n;
    for (let r = 0; r < n; r++) {
      const run = h.runs[r]!;
      this.runStart[i * K + r] = run.startMs;
      this.runLast[i * K + r] = run.lastMs;
      this.runCount[i * K + r] = Math.min(255, run.count);
      this.runFinal[i * K + r] = run.final ? 1 : 0;
    }
    this.closeAge[i] = h.closeMs;
    this.pushAge[i] = h.firstPushMs;
    this.flags[i] = h.firstPushExact ? EXACT : 0;
    this.pushes[i] = Math.min(255, h.pushes);
  }

  /** Restores the ring's position after its columns were filled (snapshot). */
  setRing(size: number, next: number, total: number): void {
    this.size = Math.min(size, this.capacity);
    this.next = next % this.capacity;
    this.total = total;
  }

  /** Where the next history goes. */
  get cursor(): number {
    return this.next;
  }

  /** History `i` of the ring (0 = oldest kept), as a plain object. */
  at(i: number): History {
    const j = this.size < this.capacity ? i : (this.next + i) % this.capacity;
    const runs: HistoryRun[] = [];
    for (let r = 0; r < this.runs[j]!; r++) {
      const k = j * K + r;
      runs.push({
        startMs: this.runStart[k]!,
        lastMs: this.runLast[k]!,
        count: this.runCount[k]!,
        final: this.runFinal[k] === 1,
      });
    }
    return {
      runs,
      closeMs: this.closeAge[j]!,
      firstPushMs: this.pushAge[j]!,
      firstPushExact: (this.flags[j]! & EXACT) !== 0,
      pushes: this.pushes[j]!,
    };
  }

  list(): History[] {
    return Array.from({ length: this.size }, (_, i) => this.at(i));
  }
}

function grown<T extends Uint8Array | Float32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
