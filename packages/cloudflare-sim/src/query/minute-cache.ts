import type { VisibleMinute } from '../model/traffic-model.js';
import { splitOperator } from './filter.js';
import type { OutputGroup } from './order.js';
import { isTimeDimension } from './time-dimensions.js';

/**
 * Output groups of one visible minute for one query shape (dataset, selected dimensions, filter). A poller asks
 * for the same minutes with the same query every 30 s; the minutes whose settling step has not moved since (all
 * settled ones) are answered from here. Keyed weakly by the view, so it goes when the view's step is evicted.
 */
const cache = new WeakMap<VisibleMinute, Map<string, readonly OutputGroup[]>>();

export function cachedMinute(view: VisibleMinute, shape: string, build: () => OutputGroup[]): readonly OutputGroup[] {
  let byShape = cache.get(view);
  if (byShape === undefined) {
    byShape = new Map();
    cache.set(view, byShape);
  }
  let groups = byShape.get(shape);
  if (groups === undefined) {
    groups = build();
    // A view answers few distinct query shapes; bound it anyway against clients that vary filters endlessly.
    if (byShape.size > 32) byShape.clear();
    byShape.set(shape, groups);
  }
  return groups;
}

/** Grouping by minute (or finer) never merges rows of different minutes, so per-minute results can be reused. */
export function groupsWithinMinutes(dims: readonly string[]): boolean {
  return dims.includes('datetime') || dims.includes('datetimeMinute');
}

/**
 * Splits a filter into its top-level time conditions (which select whole minutes, since rows carry their
 * minute's time) and the rest (which selects rows within a minute, and keys the cache). Time conditions nested
 * in AND/OR stay in the rest: still correct, only the key then changes from poll to poll.
 */
export function splitTimeConditions(filter: unknown): { time: Record<string, unknown>; rest: Record<string, unknown> } {
  const time: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  if (filter !== null && typeof filter === 'object') {
    for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
      if (isTimeDimension(splitOperator(key).field)) time[key] = value;
      else rest[key] = value;
    }
  }
  return { time, rest };
}
