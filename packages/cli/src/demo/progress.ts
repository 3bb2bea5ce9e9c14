import type { OutputTail } from './output-tail.js';
import type { TelemetryReading } from '@settle/core';

export interface ProgressSample {
  readonly elapsedMs: number;
  readonly bucketsSeen: number;
  readonly bucketsPushed: number;
  readonly pointsPushed: number;
  /** Buckets seen with nothing pushed yet. */
  readonly pending: number;
  /** Converge's open windows (pushed buckets stay open until their TTL, to catch revisions). */
  readonly openWindows: number;
  readonly queries: number;
  readonly budgetUsed: number;
  readonly budget: number;
}

export interface ProgressSources {
  readonly tail: OutputTail;
  readonly queries: () => number;
  readonly startMs: number;
  readonly lookbackMs: number;
  readonly budget: number;
}

const MINUTE = 60_000;

/**
 * Where the run stands, from the components' own telemetry (newest minute seen by the receiver, converge's
 * open windows, the limiter's remaining budget), the simulator's query count and the output file.
 */
export function sampleProgress(s: ProgressSources, telemetry: TelemetryReading, nowMs: number): ProgressSample {
  const lag = telemetry.value('settle_cloudflare_newest_bucket_lag_seconds', { dataset: 'http_requests' });
  const first = Math.floor((s.startMs - s.lookbackMs) / MINUTE) * MINUTE;
  const newest = lag > 0 ? nowMs - lag * 1000 : undefined;
  const buckets = new Set<number>();
  for (const p of s.tail.points.values()) buckets.add(p.startMs);
  const remaining = telemetry.has('settle_cloudflare_rate_limit_remaining')
    ? telemetry.value('settle_cloudflare_rate_limit_remaining')
    : s.budget;
  const seen = newest === undefined ? 0 : Math.max(0, Math.floor((newest - first) / MINUTE) + 1);
  let pushedSeen = 0;
  for (const b of buckets) if (b >= first && newest !== undefined && b <= newest) pushedSeen++;
  return {
    elapsedMs: nowMs - s.startMs,
    bucketsSeen: seen,
    bucketsPushed: buckets.size,
    pointsPushed: s.tail.points.size,
    pending: seen - pushedSeen,
    openWindows: telemetry.value('settle_converge_open_windows'),
    queries: s.queries(),
    budgetUsed: Math.max(0, s.budget - remaining),
    budget: s.budget,
  };
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function formatProgress(p: ProgressSample, totalMs: number): string {
  return (
    `[${clock(p.elapsedMs)}/${clock(totalMs)} virtual] buckets seen ${p.bucketsSeen} · ` +
    `pushed ${p.pointsPushed} points in ${p.bucketsPushed} buckets · pending ${p.pending} ` +
    `(open windows ${p.openWindows}) · ` +
    `API ${p.queries} queries, budget ${p.budgetUsed}/${p.budget} per 5 min`
  );
}
