import type { Batch } from '../model/types.js';

/** A batch the store has taken custody of, identified by a sequence number that only grows. */
export interface StoredBatch {
  readonly seq: number;
  readonly batch: Batch;
  /** Bytes it occupies in the store (0 in memory). */
  readonly bytes: number;
}

/**
 * Where queued batches live until the backend accepted them: memory, or segment files on disk. The queue
 * calls `append` before it admits a batch and `ack` once the batch was delivered or dropped.
 */
export interface QueueStore {
  readonly persistent: boolean;
  /** Opens the store; returns what a previous run left unacknowledged, in order. */
  open(): Promise<StoredBatch[]>;
  /** Resolves once the batch is as durable as the store promises (written, fsynced when configured). */
  append(batch: Batch): Promise<StoredBatch>;
  /** Optional (persistent stores): true when the batch's handoff identity shows it is already in custody. */
  holds?(batch: Batch): boolean;
  /** Marks batches as done; durable on a best-effort basis (a lost ack means a duplicate, never a loss). */
  ack(seqs: readonly number[]): void;
  close(): Promise<void>;
}

/** The in-memory store: custody ends with the process. */
export class MemoryStore implements QueueStore {
  readonly persistent = false;
  private next = 0;

  open(): Promise<StoredBatch[]> {
    return Promise.resolve([]);
  }

  append(batch: Batch): Promise<StoredBatch> {
    return Promise.resolve({ seq: this.next++, batch, bytes: 0 });
  }

  ack(): void {}

  close(): Promise<void> {
    return Promise.resolve();
  }
}
