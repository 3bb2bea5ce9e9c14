import type { SettlingModelName } from '@settle/cloudflare-sim';
import type { SourceMeasured } from './measured.js';
import type { Score } from './score.js';

export interface DemoReport {
  readonly zones: number;
  readonly seed: number;
  /** The simulator's settling model (what the figures below were measured on). */
  readonly settling: SettlingModelName;
  readonly speed: number;
  readonly virtualMs: number;
  readonly wallMs: number;
  readonly score: Score;
  /** Lines the file exporter wrote (one per pushed point, revisions included). */
  readonly fileLines: number;
  /** Distinct points in the file. */
  readonly filePoints: number;
  /** Points converge emitted, by its own telemetry. */
  readonly convergeEmitted: number;
  readonly convergeRevisions: number;
  /** Converge's own measurement of its exactness, by source (its telemetry). */
  readonly measured: readonly SourceMeasured[];
  readonly queries: number;
  readonly rateLimited: number;
  readonly budgetPeak: number;
  readonly budget: number;
  readonly file: string;
  readonly vm: { readonly url: string; readonly sent: number } | undefined;
}

const n = (x: number): string => x.toLocaleString('en-US');
const pct = (x: number): string => `${x.toFixed(2)} %`;
const plural = (x: number, word: string): string => `${n(x)} ${word}${x === 1 ? '' : 's'}`;

/**
 * The report, in sections. "Scored against the simulator" is the demo's own measurement: the output file
 * compared with the simulator's final values, which only a simulator can give. Converge's self-measured
 * exactness (its telemetry, issue 14) is a different reading, the one a production user gets; it belongs in a
 * section of its own after this one so the two can be compared line by line, never merged into it.
 */
export function formatReport(r: DemoReport): string {
  return [
    '',
    `settle demo: ${r.virtualMs / 60_000} virtual minutes of ${r.zones} zones at ${r.speed}× ` +
      `(${(r.wallMs / 1000).toFixed(0)} s wall, seed ${r.seed}, settling model ${r.settling})`,
    '',
    "  scored against the simulator's final values",
    ...scoredLines(r),
    '',
    '  measured by converge itself (its settle_converge_* telemetry, what a production user sees)',
    ...measuredLines(r.measured),
    '',
    ...pipelineLines(r),
    '',
  ].join('\n');
}

function scoredLines(r: DemoReport): string[] {
  const s = r.score;
  return [
    `  buckets      ${n(s.watched)} points of minutes watched from their start, ${n(s.history)} of older minutes read at start`,
    `  delay        minute end → push: p50 ${s.delayP50.toFixed(0)} s · p90 ${s.delayP90.toFixed(0)} s · ` +
      `p99 ${s.delayP99.toFixed(0)} s (watched minutes)`,
    `  exactness    ${pct(s.exactFirst)} of the ${n(s.running)} points pushed while running equal the simulator's ` +
      `final value at first push; ${pct(s.exactLast)} after revisions`,
    `  revisions    ${plural(s.revised, 'point')} pushed again with a corrected value (converge counted ${n(r.convergeRevisions)})`,
    `  at shutdown  ${plural(s.atShutdown, 'point')} of still-settling minutes flushed (${pct(s.atShutdownExact)} already final)`,
  ];
}

const seconds = (x: number | undefined): string => (x === undefined ? '–' : `${x.toFixed(0)} s`);
const share = (x: number | undefined): string => (x === undefined ? '–' : pct(x * 100));

function measuredLines(measured: readonly SourceMeasured[]): string[] {
  if (measured.length === 0) return ['  (no source measured yet: windows close 15 minutes after their bucket ends)'];
  return measured.flatMap((m) => {
    const rule = `threshold ${m.rule.threshold}, stable_for ${m.rule.stableForS} s, min_age ${m.rule.minAgeS} s`;
    return [
      `  ${m.source}`,
      `    sample     ${n(m.histories)} closed ${m.histories === 1 ? 'history' : 'histories'}: first push exact ${share(m.firstPushExactness)}, ` +
        `revised ${share(m.revisionRate)}`,
      `    timing     first push p50 ${seconds(m.firstPushDelay.p50)} · p90 ${seconds(m.firstPushDelay.p90)}; ` +
        `last change p50 ${seconds(m.lastChange.p50)} · p99 ${seconds(m.lastChange.p99)} after the minute`,
      m.lowerBound === undefined
        ? `    rule       ${rule} (cold start: too few histories to prove the target yet)`
        : `    rule       ${rule} (learned: exactness ≥ ${share(m.lowerBound)} at 95 % confidence)`,
    ];
  });
}

function pipelineLines(r: DemoReport): string[] {
  return [
    `  API          ${n(r.queries)} GraphQL queries, ${n(r.rateLimited)} rate-limited; ` +
      `peak ${r.budgetPeak} of ${r.budget} per 5 min`,
    `  output       ${r.file} (${n(r.fileLines)} lines, ${n(r.filePoints)} points; converge emitted ${n(r.convergeEmitted)})`,
    r.vm === undefined
      ? '               VictoriaMetrics: none on 127.0.0.1:8428 (start one to get the points there too)'
      : `               VictoriaMetrics ${r.vm.url}: ${n(r.vm.sent)} points sent ` +
        `(try sum_over_time(cloudflare_zone_requests_total[1h]))`,
  ];
}
