import { sumOf, type PromSample } from './prom-text.js';
import type { MemberSample, ScaleRunResult } from './scale-types.js';

/** One look at the member: its own sample and its /metrics page, taken together. */
export interface MemberLook {
  readonly sample: MemberSample;
  readonly metrics: readonly PromSample[];
}

const LIVE = { lane: 'live' };
const DURATION = 'settle_receiver_collect_duration';

type WindowFigures = Omit<
  ScaleRunResult,
  'options' | 'datasets' | 'rssPeakMiB' | 'wallS' | 'simQueries' | 'simRateLimited' | 'simCpuS' | 'load'
>;

/** The measured window's figures: counters as differences between its two ends, gauges at its end. */
export function scaleWindow(start: MemberLook, end: MemberLook): WindowFigures {
  const delta = (name: string, match: Record<string, string> = {}): number =>
    sumOf(end.metrics, name, match) - sumOf(start.metrics, name, match);
  const bucketName = end.metrics.find((s) => s.name.startsWith(DURATION) && s.name.endsWith('_bucket'))?.name ?? '';
  const bounds = [
    ...new Set(
      end.metrics.filter((s) => s.name === bucketName && s.labels['lane'] === 'live').map((s) => s.labels['le'] ?? ''),
    ),
  ];
  const pollBuckets = bounds
    .map((le) => [Number(le === '+Inf' ? Infinity : le), delta(bucketName, { ...LIVE, le })] as const)
    .sort((a, b) => a[0] - b[0]);
  const queryResults: Record<string, number> = {};
  for (const s of end.metrics.filter((x) => x.name === 'settle_cloudflare_queries_total')) {
    const result = s.labels['result'] ?? '';
    queryResults[result] = delta('settle_cloudflare_queries_total', { result });
  }
  return {
    measuredMinutes: (end.sample.virtualMs - start.sample.virtualMs) / 60_000,
    cpuS: (end.sample.cpuUs - start.sample.cpuUs) / 1e6,
    rssEndMiB: end.sample.rssMiB,
    heapEndMiB: end.sample.heapMiB,
    loopMaxMs: end.sample.loopMaxMs,
    loopP99Ms: end.sample.loopP99Ms,
    polls: pollBuckets.at(-1)?.[1] ?? 0,
    overruns: delta('settle_receiver_collect_overruns_total', LIVE),
    pollBuckets,
    queries: Object.values(queryResults).reduce((a, b) => a + b, 0),
    queryResults,
    pointsIngested: delta('settle_receiver_accepted_points_total'),
    pointsEmitted: delta('settle_converge_emitted_points_total'),
    pointsSent: delta('settle_exporter_sent_points_total'),
    queueEnd: sumOf(end.metrics, 'settle_exporter_queue_size'),
  };
}
