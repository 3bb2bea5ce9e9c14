import { cpuPerPoll, cpuPerSimulatedHour, type ScaleFit } from './scale-fit.js';
import { keepsUp } from './scale-keeps-up.js';
import type { ScaleRunResult } from './scale-types.js';

const f0 = (n: number): string => Math.round(n).toLocaleString('en-US');
const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);
const load = (l: readonly number[]): string => l.map(f2).join(' ');
/** "+ 206" or "− 52": the fitted fixed part, which noise can make negative. */
const signed = (n: number, f: (x: number) => string): string => `${n < 0 ? '−' : '+'} ${f(Math.abs(n))}`;

/** One table row per run: what was done and what it cost, with the load the machine had meanwhile. */
export function runTable(runs: readonly ScaleRunResult[]): string[] {
  const head =
    '| zones | speed | measured (virtual min) | polls (overran) | queries | points ingested | points pushed | CPU s | CPU s / simulated h | per 1,000 zones / h | CPU s / poll | RSS end / peak MiB | loop p99 / max ms | simulator CPU s | keeps up | load avg before → after |';
  const rows = runs.map((r) => {
    const per1000 = (cpuPerSimulatedHour(r) * 1000) / r.options.zones;
    const ok = keepsUp(r).every((c) => c.pass) ? 'yes' : 'NO';
    return `| ${f0(r.options.zones)} | ${r.options.speed}x | ${f1(r.measuredMinutes)} | ${r.polls} (${r.overruns}) | ${f0(r.queries)} | ${f0(r.pointsIngested)} | ${f0(r.pointsSent)} | ${f1(r.cpuS)} | ${f0(cpuPerSimulatedHour(r))} | ${f0(per1000)} | ${f2(cpuPerPoll(r))} | ${f0(r.rssEndMiB)} / ${f0(r.rssPeakMiB)} | ${f0(r.loopP99Ms)} / ${f0(r.loopMaxMs)} | ${f1(r.simCpuS)} | ${ok} | ${load(r.load.before)} → ${load(r.load.after)} |`;
  });
  return [head, `|${' --- |'.repeat(16)}`, ...rows];
}

/** The fitted per-1,000-zone figures and how linear they are. */
export function fitLines(fit: ScaleFit, pollIntervalS: number, heapLimitMiB: number): string[] {
  const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;
  return [
    `CPU per simulated hour: ${f0(fit.cpuHour.slope * 1000)} s per 1,000 zones ${signed(fit.cpuHour.intercept, f0)} s fixed (worst run ${pct(fit.cpuHour.worstDeviation)} off the line)`,
    `CPU per live poll: ${f2(fit.cpuPoll.slope * 1000)} s per 1,000 zones ${signed(fit.cpuPoll.intercept, f2)} s fixed (worst run ${pct(fit.cpuPoll.worstDeviation)} off the line)`,
    `RSS at the end: ${f0(fit.rss.slope * 1000)} MiB per 1,000 zones ${signed(fit.rss.intercept, f0)} MiB fixed (worst run ${pct(fit.rss.worstDeviation)} off the line)`,
    `predicted capacity at a ${pollIntervalS} s poll: ${f0(fit.predictedCapacity)} zones, the smaller of ${f0(fit.cpuCapacity)} (a poll's CPU within the interval, one event loop) and ${f0(fit.memoryCapacity)} (fitted RSS within 80 % of V8's ${f0(heapLimitMiB)} MiB heap limit)`,
  ];
}

/** The keeps-up checks of a capacity run, one PASS/FAIL line each. */
export function checkLines(r: ScaleRunResult): string[] {
  return keepsUp(r).map((c) => `  ${c.pass ? 'PASS' : 'FAIL'} ${c.name}`);
}
