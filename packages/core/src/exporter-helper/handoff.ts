import type { Batch } from '../model/types.js';

/**
 * The key of `Batch.meta` under which a producer that cannot produce its output twice (converge) stamps each
 * batch with its identity: `{ source, seq }`, `seq` growing by one per batch of that source. A persistent
 * queue remembers, durably and in the same step as the append, the highest `seq` it took per source, and
 * drops a batch it already holds (a producer restored from its write-ahead checkpoint offers it again).
 */
export const HANDOFF_META = 'settle.handoff';

export interface HandoffId {
  readonly source: string;
  readonly seq: number;
}

/** The batch's handoff identity, if its producer stamped one. */
export function handoffOf(batch: Batch): HandoffId | undefined {
  const h = batch.meta?.[HANDOFF_META] as Partial<HandoffId> | undefined;
  if (h === undefined || typeof h.source !== 'string' || typeof h.seq !== 'number') return undefined;
  return { source: h.source, seq: h.seq };
}

/** Stamps a batch with its handoff identity (keeping its other meta). */
export function withHandoff(batch: Batch, id: HandoffId): Batch {
  return { ...batch, meta: { ...batch.meta, [HANDOFF_META]: { source: id.source, seq: id.seq } } };
}
