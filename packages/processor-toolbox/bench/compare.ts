import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, type CaseResult, type Rate } from './rates.js';

// Side by side against another build of this package (e.g. main checked out and built beside this one):
// `node dist/bench/compare.js <other package dir> [rounds] [case filter]`. Both versions run in this same
// harness and workload (toolbox-bench --from), in separate processes, alternating which goes first each round;
// figures are medians over all runs, per wall second and per CPU second (the latter less sensitive to other
// jobs on a shared machine), with the load average before and after.

const [otherDir, roundsArg, only] = process.argv.slice(2);
if (otherDir === undefined) throw new Error('usage: compare.js <other package dir> [rounds] [case filter]');
const ROUNDS = Number(roundsArg ?? 2);
const bench = join(dirname(fileURLToPath(import.meta.url)), 'toolbox-bench.js');
const versions = [
  { name: 'before', args: ['--from', otherDir] },
  { name: 'after', args: [] },
] as const;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

const loadBefore = load();
const runs = new Map<string, Rate[]>(); // by `${version}/${case}`
const names: string[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? versions : [...versions].reverse();
  for (const v of order) {
    const args = ['--expose-gc', bench, ...(only === undefined ? [] : [only]), '--json', ...v.args];
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 << 20 });
    if (run.status !== 0) throw new Error(`${v.name} failed: ${run.stderr}`);
    const results = JSON.parse(run.stdout.trim().split('\n').pop()!) as CaseResult[];
    for (const r of results) {
      if (!names.includes(r.name)) names.push(r.name);
      const key = `${v.name}/${r.name}`;
      runs.set(key, [...(runs.get(key) ?? []), ...r.runs]);
    }
    console.error(`round ${round + 1} ${v.name} done, load ${load()}`);
  }
}

const m = (key: string, pick: (r: Rate) => number): number => median((runs.get(key) ?? []).map(pick));
const f = (n: number): string => (n / 1e6).toFixed(2);
console.log(
  '| processor, rule | before, M/s wall | after, M/s wall | before, M/s per CPU s | after, M/s per CPU s | after / before (CPU) |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const name of names) {
  const [bw, aw] = [m(`before/${name}`, (r) => r.wall), m(`after/${name}`, (r) => r.wall)];
  const [bc, ac] = [m(`before/${name}`, (r) => r.cpu), m(`after/${name}`, (r) => r.cpu)];
  console.log(`| ${name} | ${f(bw)} | ${f(aw)} | ${f(bc)} | ${f(ac)} | ${(ac / bc).toFixed(2)}× |`);
}
console.log(`${ROUNDS} rounds × 2 versions, alternating; load average before ${loadBefore}, after ${load()}`);
