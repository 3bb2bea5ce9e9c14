import type { ScenarioResult, StrategyResult } from './scenario.js';
import { STRATEGIES, bestOfGrid, frontier, isGrid } from './strategies.js';

// The bench's figure, hand-written SVG (no plotting dependency): one panel per settling model, p50 delay
// against first-push exactness. Exactness is drawn on a "nines" scale (90 %, 99 %, 99.9 %...) because the
// differences that matter are in the last digits; 100 % is drawn at the 99.99 % line.

const W = 380;
const H = 320;
const M = { left: 72, right: 14, top: 34, bottom: 44 };
const MAX_NINES = 4;
const COLORS = { grid: '#9aa5b1', frontier: '#1f6feb', fixed: '#d9822b', oracle: '#111111', named: '#cf222e' };
const NAMED_COLORS = ['#cf222e', '#8250df', '#1a7f37', '#bf3989'];

const nines = (exactPct: number): number => Math.min(MAX_NINES, -Math.log10(Math.max(1e-9, 1 - exactPct / 100)));
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const r1 = (n: number): string => n.toFixed(1);

function panel(r: ScenarioResult, xMax: number, dx: number): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (s: number): number => dx + M.left + (Math.min(s, xMax) / xMax) * pw;
  const y = (e: number): number => M.top + ph - (nines(e) / MAX_NINES) * ph;
  const at = (s: StrategyResult): [number, number] => [x(s.figures.p50), y(s.figures.firstExact)];
  const out: string[] = [];
  out.push(
    `<text x="${dx + M.left + pw / 2}" y="20" text-anchor="middle" font-weight="bold">${esc(r.options.settling)}</text>`,
  );
  // Axes and grid lines.
  for (let t = 0; t <= xMax; t += 120) {
    out.push(`<line x1="${r1(x(t))}" y1="${M.top}" x2="${r1(x(t))}" y2="${M.top + ph}" stroke="#eee"/>`);
    out.push(`<text x="${r1(x(t))}" y="${M.top + ph + 16}" text-anchor="middle">${t}</text>`);
  }
  for (const [e, label] of [
    [0, '0 %'],
    [90, '90 %'],
    [99, '99 %'],
    [99.9, '99.9 %'],
    [100, '≥ 99.99 %'],
  ] as const) {
    out.push(`<line x1="${dx + M.left}" y1="${r1(y(e))}" x2="${dx + M.left + pw}" y2="${r1(y(e))}" stroke="#eee"/>`);
    out.push(`<text x="${dx + M.left - 4}" y="${r1(y(e) + 4)}" text-anchor="end">${label}</text>`);
  }
  out.push(`<rect x="${dx + M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#555"/>`);
  out.push(
    `<text x="${dx + M.left + pw / 2}" y="${H - 8}" text-anchor="middle">delay p50, minute end → first push (s)</text>`,
  );

  const grid = r.strategies.filter(isGrid);
  for (const s of grid) {
    const [px, py] = at(s);
    out.push(
      `<circle cx="${r1(px)}" cy="${r1(py)}" r="2" fill="${COLORS.grid}"><title>${esc(s.name)}</title></circle>`,
    );
  }
  const line = (points: readonly StrategyResult[], color: string): string =>
    `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${points.map((s) => at(s).map(r1).join(',')).join(' ')}"/>`;
  out.push(line(frontier(grid), COLORS.frontier));
  const fixed = r.strategies
    .filter((s) => s.kind === 'fixed-delay')
    .sort((a, b) => (a.delayMs ?? 0) - (b.delayMs ?? 0));
  out.push(line(fixed, COLORS.fixed));
  for (const s of fixed) {
    const [px, py] = at(s);
    out.push(
      `<rect x="${r1(px - 3)}" y="${r1(py - 3)}" width="6" height="6" fill="${COLORS.fixed}"><title>${esc(s.name)}</title></rect>`,
    );
  }
  const { best } = bestOfGrid(grid);
  const [bx, by] = at(best);
  out.push(
    `<circle cx="${r1(bx)}" cy="${r1(by)}" r="6" fill="none" stroke="${COLORS.frontier}" stroke-width="2"><title>best fixed rule: ${esc(best.name)}</title></circle>`,
  );
  STRATEGIES.forEach((named, i) => {
    const s = r.strategies.find((x) => x.name === named.name);
    if (s === undefined) return;
    const [px, py] = at(s);
    out.push(
      `<circle cx="${r1(px)}" cy="${r1(py)}" r="4.5" fill="${NAMED_COLORS[i % NAMED_COLORS.length]}"><title>${esc(s.name)}</title></circle>`,
    );
  });
  const oracle = r.strategies.find((s) => s.kind === 'oracle');
  if (oracle !== undefined) {
    const [px, py] = at(oracle);
    out.push(
      `<path d="M${r1(px)},${r1(py - 6)} L${r1(px + 6)},${r1(py)} L${r1(px)},${r1(py + 6)} L${r1(px - 6)},${r1(py)} Z" fill="${COLORS.oracle}"><title>oracle</title></path>`,
    );
  }
  return out.join('\n');
}

function legend(y: number, width: number): string {
  const items: [string, string][] = [
    ['grid rule', `<circle cx="6" cy="-4" r="2.5" fill="${COLORS.grid}"/>`],
    ['grid trade-off curve', `<line x1="0" y1="-4" x2="14" y2="-4" stroke="${COLORS.frontier}" stroke-width="2"/>`],
    [
      'best fixed rule (≥ 99.9 %, freshest)',
      `<circle cx="6" cy="-4" r="5" fill="none" stroke="${COLORS.frontier}" stroke-width="2"/>`,
    ],
    ['fixed delay 60–600 s', `<rect x="3" y="-7" width="6" height="6" fill="${COLORS.fixed}"/>`],
    ['oracle (push at true settle)', `<path d="M6,-10 L12,-4 L6,2 L0,-4 Z" fill="${COLORS.oracle}"/>`],
    ...STRATEGIES.map((s, i): [string, string] => [
      s.name,
      `<circle cx="6" cy="-4" r="4.5" fill="${NAMED_COLORS[i % NAMED_COLORS.length]}"/>`,
    ]),
  ];
  let cx = M.left;
  let cy = y;
  return items
    .map(([label, mark]) => {
      const w = 26 + label.length * 6;
      if (cx + w > width) [cx, cy] = [M.left, cy + 18];
      const g = `<g transform="translate(${cx},${cy})">${mark}<text x="18" y="0">${esc(label)}</text></g>`;
      cx += w;
      return g;
    })
    .join('\n');
}

/** The SVG document: one panel per model, side by side, sharing the delay axis. */
export function plotSvg(results: readonly ScenarioResult[]): string {
  const p50s = results.flatMap((r) => r.strategies.map((s) => s.figures.p50));
  const xMax = Math.max(600, Math.ceil(Math.max(...p50s) / 120) * 120);
  const width = W * results.length;
  const height = H + 48;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...results.map((r, i) => panel(r, xMax, i * W)),
    legend(H + 18, width),
    '</svg>',
    '',
  ].join('\n');
}
