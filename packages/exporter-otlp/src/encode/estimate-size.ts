import type { Attributes, Batch } from '@settle/core';

/**
 * A guess of the uncompressed protobuf size, used by the helper to split batches by `batch.max_bytes`:
 * encoding twice would double the cost of every request. Counts characters, not UTF-8 bytes, and allows
 * generous per-field overhead; JSON bodies are about 3× larger, so size `max_bytes` with that in mind.
 */
export function estimateSize(batch: Batch): number {
  let size = 64 + attributesSize(batch.resource);
  for (const m of batch.metrics) {
    const d = m.descriptor;
    size += 16 + d.name.length + (d.unit?.length ?? 0) + (d.description?.length ?? 0);
    for (const p of m.points) size += 32 + attributesSize(p.attributes);
  }
  return size;
}

function attributesSize(attrs: Attributes): number {
  let size = 0;
  for (const key in attrs) {
    const v = attrs[key];
    size += 8 + key.length + (typeof v === 'string' ? v.length : 10);
  }
  return size;
}
