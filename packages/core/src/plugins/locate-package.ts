import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** The `import` conditions Node uses; tests add `@settle/source` to load workspace plugins from TypeScript. */
export const DEFAULT_CONDITIONS: readonly string[] = ['import', 'node', 'default'];

export interface LocatedPackage {
  readonly dir: string;
  readonly manifest: Readonly<Record<string, unknown>>;
}

/** Whether a plugin spec names a folder (relative or absolute) rather than an npm package. */
export function isPathSpec(spec: string): boolean {
  return spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..' || isAbsolute(spec);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds a package's folder the way Node resolves a bare specifier: `node_modules/<name>` in `fromDir`, then
 * in each parent. Path specs are taken relative to `fromDir`. Returns undefined when there is no package.json.
 */
export async function locatePackage(spec: string, fromDir: string): Promise<LocatedPackage | undefined> {
  const candidates: string[] = [];
  if (isPathSpec(spec)) {
    candidates.push(resolve(fromDir, spec));
  } else {
    for (let dir = resolve(fromDir); ; dir = dirname(dir)) {
      candidates.push(join(dir, 'node_modules', spec));
      if (dirname(dir) === dir) break;
    }
  }
  for (const dir of candidates) {
    const file = join(dir, 'package.json');
    if (!(await isFile(file))) continue;
    const manifest = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
      throw new Error(`${file} is not a JSON object`);
    }
    return { dir, manifest: manifest as Record<string, unknown> };
  }
  return undefined;
}

/** Resolves the package's main entry: `exports["."]` under the given conditions, else `main`, else index.js. */
export function packageEntry(pkg: LocatedPackage, conditions: readonly string[] = DEFAULT_CONDITIONS): string {
  const exportsField = pkg.manifest['exports'];
  if (exportsField !== undefined && exportsField !== null) {
    const root =
      typeof exportsField === 'object' &&
      !Array.isArray(exportsField) &&
      Object.keys(exportsField).some((k) => k.startsWith('.'))
        ? (exportsField as Record<string, unknown>)['.']
        : exportsField;
    const target = pickTarget(root, new Set(conditions));
    if (target === undefined) throw new Error('its package.json "exports" has no entry for these conditions');
    return resolve(pkg.dir, target);
  }
  const main = pkg.manifest['main'];
  return resolve(pkg.dir, typeof main === 'string' ? main : 'index.js');
}

function pickTarget(value: unknown, conditions: ReadonlySet<string>): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const v of value) {
      const t = pickTarget(v, conditions);
      if (t !== undefined) return t;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    // As in Node: the object's key order decides, not the order of our condition list.
    for (const [key, v] of Object.entries(value)) {
      if (!conditions.has(key) && key !== 'default') continue;
      const t = pickTarget(v, conditions);
      if (t !== undefined) return t;
    }
  }
  return undefined;
}
