import type { SoakSimPlan } from './soak-plan.js';
import type { Flatness, ResourceSample } from './soak-resources.js';
import type { SoakScore } from './soak-score.js';

export interface SoakResult {
  readonly minutes: number;
  readonly speed: number;
  readonly zones: number;
  readonly seed: number;
  readonly settling: string;
  readonly errorRate: number;
  readonly plan: SoakSimPlan;
  readonly scoredMinutes: number;
  readonly warmupMinutes: number;
  readonly samples: readonly ResourceSample[];
  readonly rss: Flatness;
  readonly heap: Flatness;
  readonly handles: Flatness;
  readonly fds: Flatness;
  /** Before the service was created, and after it shut down (the simulator process still running). */
  readonly before: ResourceSample;
  readonly after: ResourceSample;
  /** Why the service stopped on its own before the end, if it did. */
  readonly serviceStopped: string | undefined;
  readonly sim: Record<string, unknown>;
  readonly burstsFired: number;
  readonly score: SoakScore;
  /** The run itself, and with the scoring. */
  readonly wallS: number;
  readonly totalWallS: number;
  readonly machine: string;
}

const f1 = (n: number): string => n.toFixed(1);
const types = (s: ResourceSample | undefined): string =>
  Object.entries(s?.byType ?? {})
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
const signed = (n: number): string => `${n >= 0 ? '+' : ''}${f1(n)}`;

function flatLine(label: string, unit: string, f: Flatness, warmup: number): string {
  return (
    `${label}: start ${f1(f.start)}${unit} (minute ${warmup}), end ${f1(f.end)}${unit}, max ${f1(f.max)}${unit}, ` +
    `trend ${signed(f.slopePerHour)}${unit}/virtual hour`
  );
}

/** The figures as printed, the README block, and the verdict. */
export function soakReport(r: SoakResult): { text: string; markdown: string; pass: boolean } {
  const byKind = new Map<string, number>();
  for (const b of r.plan.bursts) byKind.set(b.kind, (byKind.get(b.kind) ?? 0) + b.count);
  const s = r.score;
  const last = r.samples.at(-1);
  const lines = [
    `settle soak: ${r.minutes} virtual minutes at ${r.speed}x (${r.zones} zones, seed ${r.seed}, settling ${r.settling}) ` +
      `in ${f1(r.wallS)} s wall (${f1(r.totalWallS)} s with scoring); ${r.machine}`,
    `faults: random ${f1(r.errorRate * 100)} % of accepted queries (503, 200 + errors[], 502 HTML); ` +
      `${r.burstsFired}/${r.plan.bursts.length} scripted bursts (${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}); ` +
      `slow bodies ${f1(r.plan.slowReplies.share * 100)} % of replies trickled over ${r.plan.slowReplies.durationMs / 1000} s wall ` +
      `(${f1((r.plan.slowReplies.durationMs / 1000) * r.speed)} s virtual)`,
    `simulator: ${String(r.sim['queries'])} queries accepted, ${String(r.sim['injectedErrors'])} answered with a fault, ` +
      `${String(r.sim['rateLimited'])} refused by the quota, ${String(r.sim['slowReplies'])} sent slowly`,
    `${flatLine('RSS after GC', ' MiB', r.rss, r.warmupMinutes)}; ${f1(r.before.rssMiB)} MiB before the service`,
    flatLine('heap used', ' MiB', r.heap, r.warmupMinutes),
    `${flatLine('open file descriptors', '', r.fds, r.warmupMinutes)}; ${r.before.fds} before the service, ${r.after.fds} after its shutdown`,
    `${flatLine('active handles', '', r.handles, r.warmupMinutes)}; ${r.before.handles} before the service, ${r.after.handles} after its shutdown; ` +
      `by type at the end: ${types(last)}; after shutdown: ${types(r.after)}`,
    `points of the ${r.scoredMinutes} minutes fully inside the run: ${s.expected} expected, ${s.delivered} delivered, ` +
      `${s.lost} lost, ${s.wrong} wrong after revisions, ${s.unexpected} unexpected; first push exact for ` +
      `${s.exactFirst} (${((100 * s.exactFirst) / Math.max(1, s.delivered)).toFixed(2)} %), ${s.revised} revised; ` +
      `final values cross-checked with simulator.truth(): ${s.truthMatched}/${s.truthChecked} request totals`,
    ...s.examples.map((e) => `  ${e}`),
  ];
  const checks: [boolean, string][] = [
    [
      r.serviceStopped === undefined,
      `service ran to the end${r.serviceStopped === undefined ? '' : ` (stopped: ${r.serviceStopped})`}`,
    ],
    [r.rss.flat, `RSS flat: end ${f1(r.rss.end)} MiB <= start ${f1(r.rss.start)} MiB x 1.2 after warm-up`],
    [r.fds.flat, `open file descriptors flat: end ${r.fds.end} <= max(start ${r.fds.start} x 1.2, start + 3)`],
    [r.handles.flat, `active handles flat: end ${r.handles.end} <= max(start ${r.handles.start} x 1.2, start + 3)`],
    [
      r.after.fds <= r.before.fds && r.after.handles <= r.before.handles,
      `nothing left open after shutdown: ${r.after.fds} fds (${r.before.fds} before), ${r.after.handles} handles (${r.before.handles} before)`,
    ],
    [s.expected > 0 && s.lost === 0, `0 points lost (${s.lost} of ${s.expected})`],
    [
      s.expected > 0 && s.wrong === 0 && s.unexpected === 0,
      `0 points wrong (${s.wrong} wrong, ${s.unexpected} unexpected)`,
    ],
    [
      s.truthChecked > 0 && s.truthMatched === s.truthChecked,
      `final values match simulator.truth() (${s.truthMatched}/${s.truthChecked})`,
    ],
  ];
  const verdicts = checks.map(([ok, what]) => `${ok ? 'PASS' : 'FAIL'} ${what}`);
  const text = [...lines, ...verdicts].join('\n');
  return {
    text,
    markdown: ['```', text, '```'].join('\n'),
    pass: checks.every(([ok]) => ok),
  };
}
