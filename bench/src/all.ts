import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// `pnpm --filter @settle/bench run bench:all`: every package's own benchmark (engine, exporters, simulator)
// one after the other, then the headline comparison, into one document (bench/results-all.md). The root
// `pnpm bench` already runs each package's `bench` script in turn; this is for a single report to paste.

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const sections: string[] = ['# All benchmarks', ''];

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
  sections.push(`## ${manifest.name}`, '', `\`${script}\``, '', '```', output.trimEnd(), '```', '');
}

console.log('== @settle/bench: headline comparison');
const headline = spawnSync(process.execPath, ['--expose-gc', join(here, 'main.js')], {
  cwd: join(here, '..', '..'),
  encoding: 'utf8',
  maxBuffer: 64 << 20,
});
console.log(headline.stdout);
sections.push(headline.stdout.replace(/^# Benchmark results/, '## @settle/bench: converge against fixed delay'));
const out = join(here, '..', '..', 'results-all.md');
writeFileSync(out, sections.join('\n'));
console.log(`written to ${out}`);
