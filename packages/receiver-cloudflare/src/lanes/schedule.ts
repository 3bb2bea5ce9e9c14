import { backoffDelay as coreBackoff } from '@settle/core';
import { BUCKET_MS } from '../datasets/types.js';

/** A half-open time range [sinceMs, untilMs). */
export interface TimeRange {
  readonly sinceMs: number;
  readonly untilMs: number;
}

/**
 * The live lane's range: from the start of the minute `lookback` ago to now (whole seconds). The current,
 * still-filling minute is included on purpose: converge decides when its value has stopped changing.
 */
export function liveWindow(nowMs: number, lookbackMs: number): TimeRange {
  return {
    sinceMs: Math.floor((nowMs - lookbackMs) / BUCKET_MS) * BUCKET_MS,
    untilMs: Math.floor(nowMs / 1000) * 1000,
  };
}

/**
 * The backfill lane's next chunk from `cursorMs`, never reaching into the live window (`stopMs` = its start):
 * what the live lane polls is not final yet and is its job. Undefined once caught up.
 */
export function nextChunk(cursorMs: number, chunkMs: number, stopMs: number): TimeRange | undefined {
  const since = Math.floor(cursorMs / BUCKET_MS) * BUCKET_MS;
  if (since >= stopMs) return undefined;
  return { sinceMs: since, untilMs: Math.min(since + chunkMs, stopMs) };
}

/** Splits zones into query-sized groups (Cloudflare allows at most 10 zones per zone-scoped query). */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Queries one live poll needs: one per dataset per group of zones. */
export function queriesPerPoll(zonesPerDataset: readonly number[], maxZonesPerQuery: number): number {
  return zonesPerDataset.reduce((n, zones) => n + Math.ceil(zones / maxZonesPerQuery), 0);
}

/**
 * How often the live lane can really poll within the quota, in ms: the configured interval, or longer when
 * one poll needs more queries than the window allows at that pace. Then the live lane may use `share` of the
 * quota, so polls stay evenly spaced (instead of a burst that empties the window and minutes of silence) and
 * retries and backfill keep some room.
 */
export function sustainableInterval(
  perPoll: number,
  quota: number,
  windowMs: number,
  pollMs: number,
  share = 0.9,
): number {
  if (perPoll === 0 || (perPoll * windowMs) / pollMs <= quota) return pollMs;
  return Math.max(pollMs, Math.ceil((perPoll * windowMs) / (quota * share)));
}

/**
 * The receiver's waits on core's one backoff: doubling from `baseMs` (attempt 1 = first retry), capped at
 * `capMs`, ± 50 % jitter. `random` is injectable so tests are deterministic.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const policy = { initialMs: baseMs, maxMs: capMs, multiplier: 2, randomizationFactor: 0.5 };
  return coreBackoff(policy, attempt - 1, random());
}
