import { bucketOf } from '../query/rows-to-points.js';
import type { TimeRange } from './schedule.js';

/** What to keep of one zone's reply, and what is left to ask for. */
export interface Page {
  readonly rows: readonly unknown[];
  /** The rest of the range, from the last minute seen, when the reply was cut at `limit`. */
  readonly next: TimeRange | undefined;
  /** Cut at `limit` within a single minute: nothing narrower can be asked for, the minute stays incomplete. */
  readonly truncated: boolean;
}

/**
 * A reply with fewer rows than `limit` is whole. A full one may have been cut in its last minute (rows are
 * ordered by minute): its rows before that minute are kept and the range is asked again from that minute on.
 */
export function pageOf(rows: readonly unknown[], limit: number, range: TimeRange): Page {
  if (rows.length < limit) return { rows, next: undefined, truncated: false };
  let last: number | undefined;
  for (const r of rows) {
    const b = bucketOf(r);
    if (b !== undefined && (last === undefined || b > last)) last = b;
  }
  if (last === undefined || last <= range.sinceMs) return { rows, next: undefined, truncated: true };
  const lastMinute = last;
  return {
    rows: rows.filter((r) => {
      const b = bucketOf(r);
      return b !== undefined && b < lastMinute;
    }),
    next: { sinceMs: lastMinute, untilMs: range.untilMs },
    truncated: false,
  };
}
