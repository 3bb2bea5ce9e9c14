import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main, type ScaffoldIo } from './main.js';
import { KINDS } from './options.js';
import { pluginFiles } from './template.js';
import { coreRange, scaffoldVersion, TOOL_VERSIONS } from './versions.js';

const root = join(import.meta.dirname, '..', '..', '..');

interface Manifest {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
const manifestOf = (path: string): Manifest => JSON.parse(readFileSync(join(root, path), 'utf8')) as Manifest;

function textSink(): Writable & { text: string } {
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      sink.text += chunk.toString();
      cb();
    },
  }) as Writable & { text: string };
  sink.text = '';
  return sink;
}

function io(cwd: string, answers?: string): ScaffoldIo & { out: { text: string }; err: { text: string } } {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (answers !== undefined) {
    stdin.isTTY = true;
    stdin.end(answers);
  }
  const out = textSink();
  const err = textSink();
  return { stdin, stdout: out, stderr: err, cwd, out, err };
}

describe('pluginFiles', () => {
  it.each(KINDS)('writes a standalone %s package: manifest, config, conformance tests, README table', (kind) => {
    const files = pluginFiles({ kind, type: 'acme_http', packageName: '@acme/settle-http', dir: 'x' }, '^0.1.0');
    const file = `src/acme-http-${kind}.ts`;
    expect(Object.keys(files).sort()).toEqual(
      [
        '.gitignore',
        'README.md',
        'package.json',
        'src/index.ts',
        file,
        `src/acme-http-${kind}.test.ts`,
        'tsconfig.json',
        'vitest.config.ts',
      ].sort(),
    );
    const manifest = JSON.parse(files['package.json'] ?? '') as Record<string, Record<string, unknown>>;
    expect(manifest['keywords']).toContain('settle-plugin');
    expect(manifest['settle']).toEqual({ components: ['acme_http'], core: '^0.1.0' });
    expect(manifest['peerDependencies']).toEqual({ '@settle/core': '^0.1.0' });
    expect(manifest['scripts']?.['prepublishOnly']).toBe('npm run build && npm test');
    expect(files[file]).toContain(`type: 'acme_http'`);
    expect(files[file]).toMatch(/create(Processor|PollingReceiver|DeliveryExporter)\(/);
    expect(files[file]).toContain('.strict()');
    expect(files[`src/acme-http-${kind}.test.ts`]).toContain('runConformance(');
    expect(files['README.md']).toMatch(/\| key \| default \| meaning \|\n\| --- \| --- \| --- \|\n\| `/);
    expect(files['README.md']).toContain("plugins: ['@acme/settle-http']");
    expect(files['tsconfig.json']).not.toContain('..');
  });

  it('declares the core line the scaffold is released with, and the workspace tool versions', () => {
    const version = scaffoldVersion();
    expect(version).toBe(manifestOf('packages/core/package.json').version);
    expect(coreRange('1.4.2')).toBe('^1.4.0');
    const rootDev = manifestOf('package.json').devDependencies;
    const coreDeps = manifestOf('packages/core/package.json').dependencies;
    expect(TOOL_VERSIONS).toEqual({
      '@types/node': rootDev['@types/node'],
      typescript: rootDev['typescript'],
      vitest: rootDev['vitest'],
      zod: coreDeps['zod'],
    });
  });
});

describe('main', () => {
  it('writes the folder from flags', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'create-settle-'));
    const run = io(cwd);
    expect(await main(['--kind', 'exporter', '--name', 'foo'], run)).toBe(0);
    expect(readdirSync(join(cwd, 'settle-exporter-foo', 'src')).sort()).toEqual([
      'foo-exporter.test.ts',
      'foo-exporter.ts',
      'index.ts',
    ]);
    expect(run.out.text).toContain('cd settle-exporter-foo');
  });

  it('asks for the kind and name on a terminal, again after a wrong answer', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'create-settle-'));
    const run = io(cwd, 'sink\nreceiver\nBad-Name\nmy_source\n');
    expect(await main(['--package', '@acme/src', '--dir', 'here'], run)).toBe(0);
    expect(run.out.text).toContain('--kind must be one of receiver, processor, exporter, not "sink"');
    expect(run.out.text).toContain('is not a component type');
    expect(JSON.parse(readFileSync(join(cwd, 'here', 'package.json'), 'utf8'))).toMatchObject({
      name: '@acme/src',
      settle: { components: ['my_source'] },
    });
  });

  it.each([
    [['--kind', 'exporter'], /--name missing \(no terminal to ask on\)/],
    [['--kind', 'sink', '--name', 'x'], /--kind must be one of receiver, processor, exporter, not "sink"/],
    [['--kind', 'exporter', '--name', 'X-1'], /--name "X-1" is not a component type/],
    [
      ['--kind', 'exporter', '--name', 'x', '--package', 'Bad Name'],
      /--package "Bad Name" is not a valid npm package name/,
    ],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j in one line, exit 2', async (argv, message) => {
    const run = io(mkdtempSync(join(tmpdir(), 'create-settle-')));
    expect(await main(argv, run)).toBe(2);
    expect(run.err.text.split('\n')[0]).toMatch(message);
  });

  it('never writes into a folder that is not empty', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'create-settle-'));
    const run = io(cwd);
    writeFileSync(join(cwd, 'keep.txt'), 'mine');
    expect(await main(['--kind', 'processor', '--name', 'p', '--dir', '.'], run)).toBe(2);
    expect(run.err.text).toContain('. already exists and is not empty');
    expect(readdirSync(cwd)).toEqual(['keep.txt']);
  });
});
