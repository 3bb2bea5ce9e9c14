import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replaceReadmeBlock } from './readme-block.js';

// `pnpm --filter @settle/bench run bench:all`: every package's own benchmark (engine, exporters, simulator)
// one after the other, then the headline comparison and the soak, into one document (bench/results-all.md). The root
// `pnpm bench` already runs each package's `bench` script in turn; this is for a single report to paste.

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const sections: string[] = [];
const rows: string[] = [];

/** Throughput-like figures in a package's output: "1.2 M/s", "476,629 points/s", "1.34 µs CPU/point"... */
const FIGURE =
  /([\d][\d,.]*\s*(?:M\/s|M points\/s|points\/s|q\/s|zone-minutes\/s|µs(?: CPU)?\/(?:point|batch|zone-minute)|B per open tracker))/;

/** One table row per figure line; an indented line borrows the label of the header line above it. */
function summarise(name: string, output: string): void {
  let header = '';
  for (const line of output.split('\n')) {
    if (!/^\s/.test(line)) header = line.split(':')[0] ?? '';
    const m = FIGURE.exec(line);
    if (m?.[1] === undefined || /^(targets|ratios)\b/.test(line)) continue;
    const label = `${/^\s/.test(line) ? `${header}: ` : ''}${line.replace(m[1], '…').replace(/\s+/g, ' ').trim()}`;
    rows.push(`| ${name} | ${label.replace(/\|/g, '/')} | ${m[1]} |`);
  }
}

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: join(root, 'packages', dir), manifest: join(root, 'packages', dir, 'package.json') }))
  .filter((p) => existsSync(p.manifest));
for (const p of packages) {
  const manifest = JSON.parse(readFileSync(p.manifest, 'utf8')) as { name: string; scripts?: Record<string, string> };
  const script = manifest.scripts?.['bench'];
  if (script === undefined) continue;
  console.log(`== ${manifest.name}: ${script}`);
  const run = spawnSync('sh', ['-c', script], { cwd: p.dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  const output = `${run.stdout}${run.status === 0 ? '' : `\n(exit ${run.status ?? run.signal}) ${run.stderr}`}`;
  console.log(output);
  summarise(manifest.name, output);
  sections.push(`## ${manifest.name}`, '', `\`${script}\``, '', '```', output.trimEnd(), '```', '');
}

console.log('== @settle/bench: headline comparison');
const headline = spawnSync(process.execPath, ['--expose-gc', join(here, 'main.js')], {
  cwd: join(here, '..', '..'),
  encoding: 'utf8',
  maxBuffer: 64 << 20,
});
console.log(headline.stdout);
// One heading level down, so the comparison's sections nest under its own.
sections.push(
  headline.stdout
    .replace(/^# Benchmark results/, '# @settle/bench: converge against fixed delay, per settling model')
    .replace(/^(#+) /gm, '#$1 '),
);
console.log('== @settle/bench: soak');
const soak = spawnSync(process.execPath, ['--expose-gc', join(here, 'soak.js')], {
  cwd: join(here, '..', '..'),
  encoding: 'utf8',
  maxBuffer: 64 << 20,
});
const soakOutput = `${soak.stdout}${soak.status === 0 ? '' : `\n(exit ${soak.status ?? soak.signal}) ${soak.stderr}`}`;
console.log(soakOutput);
sections.push('## @settle/bench: soak under faults', '', '```', soakOutput.trimEnd(), '```', '');
const out = join(here, '..', '..', 'results-all.md');
const table = ['| package | measurement (… = the figure) | figure |', '| --- | --- | --- |', ...rows];
const intro = [
  '# All benchmarks',
  '',
  'Every figure line of every package benchmark, then each output verbatim. Wall-clock figures depend on the',
  "machine's load (see the load averages in the outputs); the converge comparison is in virtual time.",
  '',
];
writeFileSync(out, [...intro, ...table, '', ...sections].join('\n'));
console.log(`written to ${out}`);
if (replaceReadmeBlock(join(root, 'README.md'), 'throughput', table.join('\n'))) console.log('updated README.md');
