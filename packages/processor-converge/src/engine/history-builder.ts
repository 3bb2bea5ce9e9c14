import { RUNS_PER_HISTORY as K, type History, type HistoryRun } from './history.js';

/**
 * The history of one recorded tracker while its window is open: its runs (start, last observation, count,
 * latest value) and its pushes. Past K runs, the runs between the first K−2 and the current one are merged
 * into one, which is marked never final: a rule that would have fired inside it is counted as a wrong push,
 * so truncation can only make a rule look less exact, never more.
 */
export class HistoryBuilder {
  readonly starts: number[] = [];
  readonly lasts: number[] = [];
  readonly counts: number[] = [];
  readonly values: number[] = [];
  /** Index of the merged run, or -1. */
  merged = -1;
  firstPushMs = Number.NaN;
  firstPushValue = Number.NaN;
  pushes = 0;

  constructor(readonly source: number) {}

  observe(ageMs: number, value: number, changed: boolean): void {
    const n = this.starts.length;
    if (!changed && n > 0) {
      this.lasts[n - 1] = ageMs;
      this.counts[n - 1]!++;
      this.values[n - 1] = value;
      return;
    }
    if (n === K) this.mergeLastTwo();
    this.starts.push(ageMs);
    this.lasts.push(ageMs);
    this.counts.push(1);
    this.values.push(value);
  }

  pushed(ageMs: number, value: number): void {
    if (this.pushes === 0) {
      this.firstPushMs = ageMs;
      this.firstPushValue = value;
    }
    this.pushes++;
  }

  /** The finished history; `final` is the value the window closed with, `equal` the engine's value rule. */
  finish(closeMs: number, final: number, equal: (a: number, b: number) => boolean): History {
    const runs: HistoryRun[] = this.starts.map((startMs, r) => ({
      startMs,
      lastMs: this.lasts[r]!,
      count: this.counts[r]!,
      final: r !== this.merged && equal(this.values[r]!, final),
    }));
    const pushedBefore = this.pushes > 0;
    return {
      runs,
      closeMs,
      firstPushMs: pushedBefore ? this.firstPushMs : closeMs,
      firstPushExact: pushedBefore ? equal(this.firstPushValue, final) : true,
      pushes: pushedBefore ? this.pushes : 1,
    };
  }

  private mergeLastTwo(): void {
    const a = K - 2;
    this.lasts[a] = this.lasts[K - 1]!;
    this.counts[a]! += this.counts[K - 1]!;
    this.values[a] = this.values[K - 1]!;
    this.merged = a;
    this.starts.pop();
    this.lasts.pop();
    this.counts.pop();
    this.values.pop();
  }
}
