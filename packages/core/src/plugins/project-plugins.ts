import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { locatePackage } from './locate-package.js';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

/**
 * The settle plugins a project folder depends on: the names in its package.json dependencies whose installed
 * package.json has the keyword `settle-plugin`. Empty without a package.json; a dependency not installed is
 * skipped (npm reports that itself).
 */
export async function projectPlugins(dir: string): Promise<string[]> {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const field of DEPENDENCY_FIELDS) {
    const deps = manifest[field];
    if (deps !== null && typeof deps === 'object') for (const name of Object.keys(deps)) names.add(name);
  }
  const plugins: string[] = [];
  for (const name of [...names].sort()) {
    const pkg = await locatePackage(name, dir).catch(() => undefined);
    const keywords = pkg?.manifest['keywords'];
    if (Array.isArray(keywords) && keywords.includes('settle-plugin')) plugins.push(name);
  }
  return plugins;
}
