import { splitOperator } from './filter.js';
import { MAX_PAGE_SIZE, messages, QueryError } from './query-error.js';
import { floorMinute, parseTime, TIME_GRANULARITY_MS } from './time-dimensions.js';

/** A dataset's node limits, as its `settings` node reports them. */
export interface NodeLimits {
  readonly maxDurationMs: number;
  readonly notOlderThanMs: number;
}

/**
 * The time range a filter asks for, from its time conditions at the top level and inside AND (OR cannot narrow
 * a range). `lo` is inclusive, `hi` exclusive, both epoch ms; undefined when unbounded on that side.
 */
export function filterBounds(filter: unknown): { lo?: number; hi?: number } {
  let lo = -Infinity;
  let hi = Infinity;
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, raw] of Object.entries(node as Record<string, unknown>)) {
      if (raw === null || raw === undefined) continue;
      if (key === 'AND') {
        for (const sub of Array.isArray(raw) ? raw : [raw]) visit(sub);
        continue;
      }
      const { field, op } = splitOperator(key);
      const g = TIME_GRANULARITY_MS[field];
      if (g === undefined) continue;
      const values = (Array.isArray(raw) ? raw : [raw]).map(parseTime).filter((v) => !Number.isNaN(v));
      if (values.length === 0) continue;
      const min = Math.min(...values);
      const max = Math.max(...values);
      switch (op) {
        case '_eq':
        case '_in':
          lo = Math.max(lo, min);
          hi = Math.min(hi, max + g);
          break;
        case '_geq':
          lo = Math.max(lo, min);
          break;
        case '_gt':
          lo = Math.max(lo, min + (g === 60_000 ? 1 : g));
          break;
        case '_lt':
          hi = Math.min(hi, max);
          break;
        case '_leq':
          hi = Math.min(hi, max + (g === 60_000 ? 1 : g));
          break;
        case '_neq':
        case '_notin':
        case '_like':
        case '_notlike':
          break;
      }
    }
  };
  visit(filter);
  return { ...(lo > -Infinity ? { lo } : {}), ...(hi < Infinity ? { hi } : {}) };
}

/**
 * The minutes a query must look at, after Cloudflare's checks: a bounded range no wider than `maxDuration` and
 * not older than `notOlderThan`. Minutes after `now` are dropped (they have no data yet).
 */
export function minutesToScan(filter: unknown, now: number, limits: NodeLimits): number[] {
  const { lo, hi: requestedHi } = filterBounds(filter);
  const maxSeconds = Math.round(limits.maxDurationMs / 1000);
  if (lo === undefined) throw new QueryError(messages.noRange(maxSeconds), 400);
  const hi = requestedHi ?? now + 60_000;
  if (hi - lo > limits.maxDurationMs) throw new QueryError(messages.rangeTooLarge(maxSeconds), 400);
  if (lo < now - limits.notOlderThanMs) {
    throw new QueryError(messages.olderThan(Math.round(limits.notOlderThanMs / 1000)), 400);
  }
  const minutes: number[] = [];
  const end = Math.min(hi, now + 1);
  for (let m = floorMinute(lo); m < end; m += 60_000) minutes.push(m);
  return minutes;
}

/** `limit: uint64!` as Cloudflare checks it. */
export function checkLimit(limit: unknown): number {
  const n = Number(limit);
  if (!Number.isInteger(n) || n <= 0 || n > MAX_PAGE_SIZE) throw new QueryError(messages.limit(MAX_PAGE_SIZE), 400);
  return n;
}
