import { SettleError } from '@settle/core';

/** Number and error helpers shared by the checkpoint codecs (snapshot.ts, learning-snapshot.ts). */

/** JSON has no NaN or infinities; they are written as these strings. */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export function toJson(n: number): JsonNumber {
  if (Number.isFinite(n)) return n;
  return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
}

export function fromJson(n: JsonNumber): number {
  return typeof n === 'number' ? n : Number(n);
}

export function invalidSnapshot(what: string): SettleError {
  return new SettleError('converge_snapshot_invalid', `converge checkpoint is not usable: ${what}`, {
    retryable: false,
  });
}
