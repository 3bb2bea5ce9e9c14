import type { ScenarioResult, StrategyResult } from './scenario.js';
import { STRATEGIES, TARGET_EXACTNESS, bestOfGrid, isGrid } from './strategies.js';

const f1 = (n: number): string => n.toFixed(1);
const pct = (n: number): string => (n >= 99.95 && n < 100 ? n.toFixed(3) : n.toFixed(2));

/** A markdown table (GitHub style) from a header and rows of cells. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const COLUMNS = [
  'delay p50 (s)',
  'delay p90 (s)',
  'delay p99 (s)',
  'exact at first push',
  'exact finally',
  'revisions',
  'queries / zone-hour',
];

function cells(s: StrategyResult): string[] {
  const f = s.figures;
  return [
    f1(f.p50),
    f1(f.p90),
    f1(f.p99),
    `${pct(f.firstExact)} %`,
    `${pct(f.finalExact)} %`,
    String(f.revisions),
    s.kind === 'oracle' ? '—' : f1(s.queriesPerZoneHour),
  ];
}

/** The rows of one model's headline, in order: best grid rule, named strategies, fixed 300 s, oracle. */
export function headlineRows(r: ScenarioResult): { label: string; strategy: StrategyResult }[] {
  const { best, reachesTarget } = bestOfGrid(r.strategies.filter(isGrid));
  const rows = [
    {
      label: `best fixed rule: ${best.name.replace(/^grid: /, '')}${reachesTarget ? '' : ` (none reaches ${TARGET_EXACTNESS} %)`}`,
      strategy: best,
    },
  ];
  for (const named of STRATEGIES) {
    const s = r.strategies.find((x) => x.name === named.name);
    if (s !== undefined) rows.push({ label: named.name, strategy: s });
  }
  for (const s of r.strategies) {
    if ((s.kind === 'fixed-delay' && s.delayMs === 300_000) || s.kind === 'oracle')
      rows.push({ label: s.name, strategy: s });
  }
  return rows;
}

export function headlineTable(r: ScenarioResult): string {
  return table(
    ['strategy', ...COLUMNS],
    headlineRows(r).map((row) => [row.label, ...cells(row.strategy)]),
  );
}

/** Every grid rule of one model, freshest first. */
export function gridTable(r: ScenarioResult): string {
  const grid = r.strategies
    .filter(isGrid)
    .sort((a, b) => a.figures.p50 - b.figures.p50 || b.figures.firstExact - a.figures.firstExact);
  return table(
    ['threshold', 'stable_for', 'min_age', ...COLUMNS, 'forced by TTL'],
    grid.map((s) => [
      String(s.variant?.options.threshold ?? ''),
      `${(s.variant?.options.stableForMs ?? 0) / 1000} s`,
      `${(s.variant?.options.minAgeMs ?? 0) / 1000} s`,
      ...cells(s),
      String(s.figures.forced),
    ]),
  );
}

export function fixedDelayTable(r: ScenarioResult): string {
  return table(
    ['strategy', ...COLUMNS],
    r.strategies.filter((s) => s.kind === 'fixed-delay').map((s) => [s.name, ...cells(s)]),
  );
}

export interface TargetCheck {
  readonly pass: boolean;
  readonly text: string;
}

/**
 * Issue 14's targets for each named strategy on one model: first-push exactness ≥ 99.9 %; p50 ≤ the oracle's
 * p50 + 45 s; and on the default model, a p50 at least 30 % fresher than the fixed 300 s delay's.
 */
export function targetChecks(r: ScenarioResult): TargetCheck[] {
  const oracle = r.strategies.find((s) => s.kind === 'oracle');
  const fixed300 = r.strategies.find((s) => s.kind === 'fixed-delay' && s.delayMs === 300_000);
  const checks: TargetCheck[] = [];
  for (const named of STRATEGIES) {
    const s = r.strategies.find((x) => x.name === named.name);
    if (s === undefined || oracle === undefined) continue;
    const f = s.figures;
    const items: TargetCheck[] = [
      {
        pass: f.firstExact >= TARGET_EXACTNESS,
        text: `exact at first push ${pct(f.firstExact)} % ≥ ${TARGET_EXACTNESS} %`,
      },
      {
        pass: f.p50 <= oracle.figures.p50 + 45,
        text: `p50 ${f1(f.p50)} s ≤ oracle p50 + 45 s = ${f1(oracle.figures.p50 + 45)} s`,
      },
    ];
    if (r.options.settling === 'default' && fixed300 !== undefined) {
      const bound = 0.7 * fixed300.figures.p50;
      items.push({ pass: f.p50 <= bound, text: `p50 ${f1(f.p50)} s ≤ 70 % of fixed 300 s's p50 = ${f1(bound)} s` });
    }
    for (const i of items) {
      checks.push({
        pass: i.pass,
        text: `${i.pass ? 'PASS' : 'FAIL'}  ${r.options.settling}: ${named.name}: ${i.text}`,
      });
    }
  }
  return checks;
}

export function describeRun(r: ScenarioResult): string {
  const o = r.options;
  return [
    `settling model ${o.settling}: simulator seed ${o.seed}, ${o.zones} zones, datasets ${o.datasets.join(' + ')}; ` +
      `${o.hours} h scored (${(r.simulatedMs / 3_600_000).toFixed(2)} h simulated incl. tail) ` +
      `in ${(r.wallMs / 1000).toFixed(1)} s wall`,
    `minutes final (simulator.settledAt) after their end: p50 ${r.settle.p50} s, p90 ${r.settle.p90} s, ` +
      `p99 ${r.settle.p99} s`,
    `receivers: poll ${o.pollIntervalsMs.map((p) => `${p / 1000} s`).join(', ')}, lookback ${o.lookbackMs / 60_000} m; ` +
      `converge TTL ${o.ttlMs / 60_000} m, expire every 10 s`,
    `rate-limited (HTTP 429 or quota errors), all strategies together: ${r.strategies.reduce((n, s) => n + s.rateLimited, 0)}`,
    `final values: ${r.reference.points} points, read after settling through the same query + mapping; ` +
      `request totals equal to simulator.truth(): ${r.reference.truthMatched}/${r.reference.truthChecked}`,
  ].join('\n');
}
