import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VariantResult } from './engine-bench.js';

// Side by side against another build of this package (e.g. an older commit checked out beside this one, its
// bench replaced by this workload): `node dist/bench/compare.js <other package dir> [rounds]`. Each round runs
// the engine bench once per variant and version, in separate processes, alternating which version goes first;
// the ratios are this version's median over the other's, per wall second and per CPU second.

const here = dirname(fileURLToPath(import.meta.url));
const [otherDir, roundsArg] = process.argv.slice(2);
if (otherDir === undefined) throw new Error('usage: compare.js <other package dir> [rounds]');
const ROUNDS = Number(roundsArg ?? 2);
const versions = [
  { name: 'before', script: join(resolve(otherDir), 'dist', 'bench', 'engine-bench.js') },
  { name: 'after', script: join(here, 'engine-bench.js') },
] as const;
const VARIANTS = ['keys', 'objects'] as const;

const results = new Map<string, VariantResult[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of VARIANTS) {
    const order = round % 2 === 0 ? versions : [...versions].reverse();
    for (const v of order) {
      const run = spawnSync(process.execPath, ['--expose-gc', v.script, variant, '--json'], {
        encoding: 'utf8',
        maxBuffer: 16 << 20,
      });
      if (run.status !== 0) throw new Error(`${v.name} ${variant} failed: ${run.stderr}`);
      const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as VariantResult;
      const key = `${v.name}/${variant}`;
      results.set(key, [...(results.get(key) ?? []), r]);
      console.error(
        `round ${round + 1} ${key}: ${(median(r.cpu) / 1e6).toFixed(2)} M/s CPU, load ${loadavg()[0]!.toFixed(1)}`,
      );
    }
  }
}

function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}
const all = (key: string, pick: (r: VariantResult) => number[]): number[] => (results.get(key) ?? []).flatMap(pick);
const m = (n: number): string => `${(n / 1e6).toFixed(2)} M/s`;

console.log(
  `| input | version | obs/s, wall | obs/s per CPU-second | bytes / open tracker | from ingest | from expire | late |`,
);
console.log(`| --- | --- | --- | --- | --- | --- | --- | --- |`);
for (const variant of VARIANTS) {
  for (const v of versions) {
    const key = `${v.name}/${variant}`;
    const rs = results.get(key) ?? [];
    const r = rs[0]!;
    console.log(
      `| ${variant} | ${v.name} | ${m(median(all(key, (x) => x.wall)))} | ${m(median(all(key, (x) => x.cpu)))} | ` +
        `${median(rs.map((x) => x.bytesPerTracker)).toFixed(1)} | ${r.fromIngest} | ${r.fromExpire} | ${r.late} |`,
    );
  }
}
for (const variant of VARIANTS) {
  const ratio = (pick: (r: VariantResult) => number[]): string =>
    (median(all(`after/${variant}`, pick)) / median(all(`before/${variant}`, pick))).toFixed(2);
  console.log(
    `ratio ${variant}: ${ratio((x) => x.wall)}× per wall second, ${ratio((x) => x.cpu)}× per CPU second (target ≥ 1.5×)`,
  );
}
console.log(
  `${ROUNDS} rounds of ${VARIANTS.length} variants × 2 versions, alternating; load average now ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
