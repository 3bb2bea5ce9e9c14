import { open, readFile, rename } from 'node:fs/promises';
import type { Batch } from '../../model/types.js';
import { handoffOf } from '../handoff.js';

/**
 * Per handoff source, the highest `seq` the queue has taken custody of. It is durable without a write of its
 * own per append: the stamped batch is in a segment record (fsynced with the append), and on open the ledger
 * is rebuilt from every intact record still on disk plus this file. The file is rewritten (fsynced, renamed)
 * only before records leave the disk: when a run opens and before a delivered segment is deleted.
 */
export class HandoffLedger {
  private readonly highest = new Map<string, number>();

  constructor(private readonly path: string) {}

  async load(): Promise<void> {
    try {
      const stored = JSON.parse(await readFile(this.path, 'utf8')) as Record<string, unknown>;
      for (const [source, seq] of Object.entries(stored)) if (typeof seq === 'number') this.raise(source, seq);
    } catch {
      // Missing or damaged: the records on disk still say what the queue took since the last save.
    }
  }

  /** True when the queue already took this batch (same source, seq not above the highest taken). */
  holds(batch: Batch): boolean {
    const id = handoffOf(batch);
    return id !== undefined && id.seq <= (this.highest.get(id.source) ?? -1);
  }

  /** The batch is in custody (its record is written). */
  took(batch: Batch): void {
    const id = handoffOf(batch);
    if (id !== undefined) this.raise(id.source, id.seq);
  }

  async save(fsync: boolean): Promise<void> {
    if (this.highest.size === 0) return;
    const temp = `${this.path}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(JSON.stringify(Object.fromEntries(this.highest)));
      if (fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.path);
  }

  private raise(source: string, seq: number): void {
    if (seq > (this.highest.get(source) ?? -1)) this.highest.set(source, seq);
  }
}
