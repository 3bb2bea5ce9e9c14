import type { Batch } from '../../model/types.js';

/** Flag bit: values that JSON cannot carry (NaN, ±Infinity) are written as strings. */
export const FLAG_NON_FINITE = 1;

/**
 * Batches are stored as JSON: V8's native JSON is faster than anything hand-written here, and the files stay
 * readable in an emergency. Non-finite values take a slower path so they survive the round trip.
 */
export function encodeBatch(batch: Batch): { flags: number; payload: Buffer } {
  if (allFinite(batch)) return { flags: 0, payload: Buffer.from(JSON.stringify(batch)) };
  const text = JSON.stringify(batch, function (this: unknown, key, value: unknown) {
    return key === 'value' && isPoint(this) && typeof value === 'number' && !Number.isFinite(value)
      ? String(value)
      : value;
  });
  return { flags: FLAG_NON_FINITE, payload: Buffer.from(text) };
}

export function decodeBatch(flags: number, payload: Buffer): Batch {
  const text = payload.toString('utf8');
  if ((flags & FLAG_NON_FINITE) === 0) return JSON.parse(text) as Batch;
  return JSON.parse(text, function (this: unknown, key, value: unknown) {
    return key === 'value' && isPoint(this) && typeof value === 'string' ? Number(value) : value;
  }) as Batch;
}

/** The holder of a `value` key is a data point (not an attribute map) when it also has its time and attributes. */
function isPoint(holder: unknown): boolean {
  const h = holder as { timeMs?: unknown; attributes?: unknown } | null;
  return typeof h?.timeMs === 'number' && typeof h.attributes === 'object';
}

function allFinite(batch: Batch): boolean {
  for (const m of batch.metrics) for (const p of m.points) if (!Number.isFinite(p.value)) return false;
  return true;
}
