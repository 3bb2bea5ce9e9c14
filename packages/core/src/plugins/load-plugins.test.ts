import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ComponentRegistry } from '../component/registry.js';
import { builtinComponents } from '../builtin/builtin-components.js';
import { loadPlugins, type PluginSpec } from './load-plugins.js';
import { projectPlugins } from './project-plugins.js';

// Real packages on disk, written per test run. Their code imports zod by absolute URL because a temp folder
// has no node_modules of its own to resolve it from.
const zodUrl = import.meta.resolve('zod');

function definitionSource(kind: string, type: string): string {
  return `{ kind: '${kind}', type: '${type}', stability: 'alpha', config: z.object({}).strict(),
    create: () => ({ start: async () => {}, shutdown: async () => {}, consume: async () => {} }) }`;
}

interface PackageSpec {
  readonly name: string;
  readonly version?: string;
  readonly keywords?: string[];
  readonly settle?: unknown;
  readonly exports?: unknown;
  readonly main?: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly files: Record<string, string>;
}

function writePackage(dir: string, pkg: PackageSpec): void {
  mkdirSync(dir, { recursive: true });
  const { files, ...manifest } = pkg;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '1.0.0', type: 'module', ...manifest }));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}

const plugin = (components: string[], body: string, extra: Partial<PackageSpec> = {}): Omit<PackageSpec, 'name'> => ({
  keywords: ['settle-plugin'],
  settle: { components, core: '^0.1.0' },
  files: { 'index.js': `import { z } from '${zodUrl}';\n${body}\n` },
  ...extra,
});

let base: string;
const file = 'settle.yaml';

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'settle-plugins-'));
  const nm = join(base, 'node_modules');
  writePackage(join(nm, '@acme/settle-ok'), {
    name: '@acme/settle-ok',
    ...plugin(
      ['acme_in', 'acme_out'],
      `export default [${definitionSource('receiver', 'acme_in')}, ${definitionSource('exporter', 'acme_out')}];`,
    ),
  });
  writePackage(join(nm, 'settle-conditional'), {
    name: 'settle-conditional',
    ...plugin(['cond'], '', {
      exports: { '.': { types: './x.d.ts', require: './nope.cjs', import: './esm/entry.js' } },
      files: {
        'esm/entry.js': `import { z } from '${zodUrl}';\nexport default ${definitionSource('processor', 'cond')};\n`,
      },
    }),
  });
  writePackage(join(base, 'local'), {
    name: 'local-plugin',
    ...plugin(['local_thing'], `export default ${definitionSource('processor', 'local_thing')};`),
  });
  writePackage(join(nm, 'no-default'), { name: 'no-default', ...plugin(['x'], 'export const x = 1;') });
  writePackage(join(nm, 'not-a-def'), {
    name: 'not-a-def',
    ...plugin(['x'], `export default [${definitionSource('receiver', 'x')}, { type: 'y' }];`),
  });
  writePackage(join(nm, 'too-new'), {
    name: 'too-new',
    version: '3.0.0',
    ...plugin(['x'], '', { settle: { components: ['x'], core: '^2.0.0' } }),
  });
  writePackage(join(nm, 'bad-range'), {
    name: 'bad-range',
    ...plugin(['x'], '', { settle: { components: ['x'], core: 'soon' } }),
  });
  writePackage(join(nm, 'no-keyword'), { name: 'no-keyword', ...plugin(['x'], '', { keywords: [] }) });
  writePackage(join(nm, 'no-manifest'), { name: 'no-manifest', ...plugin(['x'], '', { settle: undefined }) });
  writePackage(join(nm, 'clash'), {
    name: 'clash',
    ...plugin(['generator'], `export default ${definitionSource('receiver', 'generator')};`),
  });
  writePackage(join(nm, 'undeclared'), {
    name: 'undeclared',
    ...plugin(['a'], `export default [${definitionSource('receiver', 'a')}, ${definitionSource('receiver', 'b')}];`),
  });
  writePackage(join(nm, 'broken'), { name: 'broken', ...plugin(['x'], 'export default {;') });
  // Installed with --legacy-peer-deps: the peer @settle/core is not there (a temp folder has no other copy).
  writePackage(join(nm, 'needs-core'), {
    name: 'needs-core',
    ...plugin(['x'], `import { defineReceiver } from '@settle/core';\nexport default defineReceiver;`),
  });
  writePackage(join(nm, 'needs-other'), {
    name: 'needs-other',
    ...plugin(['x'], `import '@nowhere/thing/sub/path.js';`),
  });
  writePackage(join(base, 'elsewhere', 'node_modules', 'far-plugin'), {
    name: 'far-plugin',
    ...plugin(['far'], `export default ${definitionSource('exporter', 'far')};`),
  });
  writePackage(join(base, 'project'), {
    name: 'a-project',
    dependencies: { '@acme/settle-ok': '^1.0.0', 'no-keyword': '*', 'not-installed': '*' },
    devDependencies: { 'local-plugin': 'file:../local' },
    files: {},
  });
});

function registryWithBuiltins(): ComponentRegistry {
  const registry = new ComponentRegistry();
  for (const d of builtinComponents) registry.register(d, { packageName: '@settle/core', packageVersion: '0.1.0' });
  return registry;
}

function spec(name: string, index = 0): PluginSpec {
  return { spec: name, line: 2 + index, column: 5, path: `plugins[${index}]` };
}

async function load(names: string[], registry = registryWithBuiltins(), searchDirs: string[] = []) {
  const problems = await loadPlugins(names.map(spec), base, registry, { file, coreVersion: '0.1.3', searchDirs });
  return { problems, registry };
}

describe('loadPlugins', () => {
  it('registers every definition of a package found by name, with its origin', async () => {
    const { problems, registry } = await load(['@acme/settle-ok']);
    expect(problems).toEqual([]);
    expect(registry.get('receiver', 'acme_in')?.origin).toEqual({
      packageName: '@acme/settle-ok',
      packageVersion: '1.0.0',
    });
    expect(registry.get('exporter', 'acme_out')).toBeDefined();
  });

  it('loads a package folder by relative path, and follows "exports" conditions', async () => {
    const { problems, registry } = await load(['./local', 'settle-conditional']);
    expect(problems).toEqual([]);
    expect(registry.get('processor', 'local_thing')?.origin.packageName).toBe('local-plugin');
    expect(registry.get('processor', 'cond')).toBeDefined();
  });

  it('accepts a package the registry already holds (bundled) without looking for it', async () => {
    const { problems } = await load(['@settle/core']);
    expect(problems).toEqual([]);
  });

  it('tolerates the same plugin listed twice', async () => {
    const { problems } = await load(['@acme/settle-ok', '@acme/settle-ok']);
    expect(problems).toEqual([]);
  });

  it.each([
    [
      '@acme/missing',
      /plugin "@acme\/missing" not found: run "npm install @acme\/missing" in \/.* \(the config's folder\)/,
    ],
    ['./nowhere', /plugin "\.\/nowhere" not found: no package\.json in \.\/nowhere/],
    ['no-default', /no-default has no default export: export default a definition or a list of definitions/],
    ['not-a-def', /not-a-def: default export \[1\] is not a component definition/],
    ['too-new', /too-new@3\.0\.0 needs @settle\/core \^2\.0\.0, but this is @settle\/core 0\.1\.3/],
    ['bad-range', /bad-range declares an unreadable core range "soon"/],
    ['no-keyword', /no-keyword is not a settle plugin: its package\.json lacks the keyword "settle-plugin"/],
    ['no-manifest', /no-manifest: package\.json needs "settle": \{ "components"/],
    ['clash', /clash: receiver type "generator" clashes with the one from @settle\/core/],
    ['undeclared', /undeclared exports "b" not listed in package\.json settle\.components/],
    ['broken', /plugin "broken" failed to load: /],
    [
      'needs-core',
      /plugin "needs-core" cannot load its dependency @settle\/core, which is not installed: run "npm install @settle\/core@"\^0\.1\.0"" in \/.*settle-plugins-\w+$/,
    ],
    [
      'needs-other',
      /plugin "needs-other" cannot load its dependency @nowhere\/thing, which is not installed: run "npm install @nowhere\/thing" in /,
    ],
  ])('reports %s clearly, at its position in the config', async (name, message) => {
    const { problems } = await load(['@acme/settle-ok', name]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file, line: 3, column: 5, path: 'plugins[1]' });
    expect(problems[0]?.message).toMatch(message);
    expect(problems[0]?.message).not.toContain('\n');
  });

  it('looks in the extra search folders after the config folder, and names every folder it searched', async () => {
    const found = await load(['far-plugin'], registryWithBuiltins(), [join(base, 'elsewhere')]);
    expect(found.problems).toEqual([]);
    expect(found.registry.get('exporter', 'far')?.origin.packageName).toBe('far-plugin');
    const missing = await load(['far-plugin'], registryWithBuiltins(), [join(base, 'project')]);
    expect(missing.problems[0]?.message).toContain(
      `searched node_modules upwards from ${base}, ${join(base, 'project')}`,
    );
  });
});

describe('projectPlugins', () => {
  it('lists the dependencies of a project folder that are installed settle plugins', async () => {
    expect(await projectPlugins(join(base, 'project'))).toEqual(['@acme/settle-ok']);
  });

  it('is empty for a folder without a package.json', async () => {
    expect(await projectPlugins(join(base, 'elsewhere'))).toEqual([]);
  });
});
