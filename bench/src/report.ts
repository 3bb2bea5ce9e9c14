import type { ScenarioResult, StrategyResult } from './scenario.js';

const f1 = (n: number): string => n.toFixed(1);
const pct = (n: number): string => (n >= 99.95 && n < 100 ? n.toFixed(3) : n.toFixed(2));

/** A markdown table (GitHub style) from a header and rows of cells. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function headlineTable(strategies: readonly StrategyResult[]): string {
  return table(
    [
      'strategy',
      'delay p50 (s)',
      'delay p99 (s)',
      'exact at first push',
      'exact finally',
      'mean rel. error',
      'MAE requests/min',
      'revisions',
      'queries / zone-hour',
      '429s',
    ],
    strategies.map((s) => [
      s.name,
      f1(s.figures.p50),
      f1(s.figures.p99),
      `${pct(s.figures.firstExact)} %`,
      `${pct(s.figures.finalExact)} %`,
      `${s.figures.meanRelError.toFixed(3)} %`,
      f1(s.figures.maeRequests),
      String(s.figures.revisions),
      f1(s.queriesPerZoneHour),
      String(s.rateLimited),
    ]),
  );
}

export function tradeoffTable(strategies: readonly StrategyResult[]): string {
  return table(
    [
      'poll',
      'threshold',
      'stable_for',
      'min_age',
      'delay p50 (s)',
      'delay p90 (s)',
      'delay p99 (s)',
      'exact at first push',
      'exact finally',
      'revisions',
      'forced by TTL',
      'queries / zone-hour',
    ],
    strategies
      .filter((s) => s.kind === 'converge')
      .map((s) => [
        `${(s.pollMs ?? 0) / 1000} s`,
        String(s.variant?.options.threshold ?? ''),
        `${(s.variant?.options.stableForMs ?? 0) / 1000} s`,
        `${(s.variant?.options.minAgeMs ?? 0) / 1000} s`,
        f1(s.figures.p50),
        f1(s.figures.p90),
        f1(s.figures.p99),
        `${pct(s.figures.firstExact)} %`,
        `${pct(s.figures.finalExact)} %`,
        String(s.figures.revisions),
        String(s.figures.forced),
        f1(s.queriesPerZoneHour),
      ]),
  );
}

export interface TargetCheck {
  readonly pass: boolean;
  readonly text: string;
}

/**
 * Issue 7's target for each converge configuration named: p50 ≤ half the 300 s strategy's; exactness ≥ 99.9 %
 * and ≥ the fixed-delay strategies'; no 429 and queries within the quota. Exactness is checked in both
 * readings: at first push (what a dashboard shows first) and finally (after revisions, what a backend that
 * keeps the last or largest sample per timestamp ends up with; fixed delay never revises, so its two agree).
 */
export function targetChecks(
  strategies: readonly StrategyResult[],
  names: readonly string[],
  quotaPerZoneHour: number,
): TargetCheck[] {
  const fixed = strategies.filter((s) => s.kind === 'fixed-delay');
  const fixed300 = fixed.find((s) => s.delayMs === 300_000);
  const checks: TargetCheck[] = [];
  if (fixed300 === undefined) return checks;
  const bestFirst = Math.max(...fixed.map((s) => s.figures.firstExact));
  const bestFinal = Math.max(...fixed.map((s) => s.figures.finalExact));
  for (const name of names) {
    const s = strategies.find((x) => x.name === name);
    if (s === undefined) continue;
    const f = s.figures;
    const half = fixed300.figures.p50 / 2;
    const items: TargetCheck[] = [
      { pass: f.p50 <= half, text: `p50 delay ${f1(f.p50)} s ≤ ${f1(half)} s (half the 300 s strategy's)` },
      {
        pass: f.firstExact >= 99.9 && f.firstExact >= bestFirst,
        text: `exact at first push ${pct(f.firstExact)} % ≥ 99.9 % and ≥ fixed delay's ${pct(bestFirst)} %`,
      },
      {
        pass: f.finalExact >= 99.9 && f.finalExact >= bestFinal,
        text: `exact finally ${pct(f.finalExact)} % ≥ 99.9 % and ≥ fixed delay's ${pct(bestFinal)} %`,
      },
      {
        pass: s.rateLimited === 0 && s.queriesPerZoneHour <= quotaPerZoneHour,
        text: `${f1(s.queriesPerZoneHour)} queries/zone-hour ≤ quota ${f1(quotaPerZoneHour)}, ${s.rateLimited} × 429`,
      },
    ];
    for (const i of items) checks.push({ pass: i.pass, text: `${i.pass ? 'PASS' : 'FAIL'}  ${name}: ${i.text}` });
  }
  return checks;
}

export function describeRun(r: ScenarioResult): string {
  const o = r.options;
  return [
    `simulator seed ${o.seed}, ${o.zones} zones, datasets ${o.datasets.join(' + ')}; ` +
      `${o.hours} h scored (${(r.simulatedMs / 3_600_000).toFixed(2)} h simulated incl. tail) ` +
      `in ${(r.wallMs / 1000).toFixed(1)} s wall`,
    `minutes final (simulator.settledAt) after their end: p50 ${r.settle.p50} s, p90 ${r.settle.p90} s, ` +
      `p99 ${r.settle.p99} s — no strategy exact at first push can be faster`,
    `receivers: lookback ${o.lookbackMs / 60_000} m; converge TTL ${o.ttlMs / 60_000} m, expire every 10 s`,
    `final values: ${r.reference.points} points, read after settling through the same query + mapping; ` +
      `request totals equal to simulator.truth(): ${r.reference.truthMatched}/${r.reference.truthChecked}`,
  ].join('\n');
}
