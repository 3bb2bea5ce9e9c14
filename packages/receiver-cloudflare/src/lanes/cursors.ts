import { getJson, setJson, type Storage } from '@settle/core';

const KEY = 'cursors';

interface Checkpoint {
  readonly version: 1;
  /** Which backfill setting produced these cursors (`since:<ms>`, `duration:<ms>`, `none`). */
  readonly origin: string;
  readonly cursors: Readonly<Record<string, number>>;
}

/**
 * Per dataset, the time before which every minute has been collected (by the backfill lane, or by the live
 * lane before the minute left its window). Persisted so a restart resumes backfill where it stopped and fills
 * the gap the downtime left.
 */
export class Cursors {
  private readonly values = new Map<string, number>();
  private origin = 'none';
  private dirty = false;

  constructor(private readonly storage: Storage) {}

  /**
   * Loads the checkpoint. With a backfill setting (`origin` + `startMs`), stored cursors are kept only if they
   * came from the same setting; otherwise every dataset starts at `startMs`. Without one, stored cursors are
   * kept (to fill a restart gap) and datasets without a cursor get one from the live lane.
   */
  async load(datasets: readonly string[], backfill: { origin: string; startMs: number } | undefined): Promise<void> {
    let stored: Checkpoint | undefined;
    try {
      stored = await getJson<Checkpoint>(this.storage, KEY);
    } catch {
      stored = undefined; // an unreadable checkpoint is not worth failing the receiver for; start over
    }
    const usable = stored?.version === 1 && typeof stored.cursors === 'object' ? stored : undefined;
    const resume = usable !== undefined && (backfill === undefined || usable.origin === backfill.origin);
    this.origin = backfill?.origin ?? usable?.origin ?? 'none';
    for (const d of datasets) {
      const kept = resume ? usable.cursors[d] : undefined;
      const value = typeof kept === 'number' && Number.isFinite(kept) ? kept : backfill?.startMs;
      if (value !== undefined) this.values.set(d, value);
    }
    this.dirty = !resume && backfill !== undefined;
  }

  get(dataset: string): number | undefined {
    return this.values.get(dataset);
  }

  set(dataset: string, ms: number): void {
    if (this.values.get(dataset) === ms) return;
    this.values.set(dataset, ms);
    this.dirty = true;
  }

  entries(): [string, number][] {
    return [...this.values.entries()];
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    const checkpoint: Checkpoint = { version: 1, origin: this.origin, cursors: Object.fromEntries(this.values) };
    await setJson(this.storage, KEY, checkpoint);
  }
}
