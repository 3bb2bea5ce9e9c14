import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ComponentDefinition } from '../component/define.js';
import type { ComponentRegistry } from '../component/registry.js';
import type { ParsedConfig } from '../config/parse.js';
import type { ConfigProblem } from '../config/problems.js';
import { coreVersion } from './core-version.js';
import { explainImportFailure } from './import-failure.js';
import { DEFAULT_CONDITIONS, isPathSpec, locatePackage, packageEntry } from './locate-package.js';
import { checkCoreRange, checkDeclared, isDefinition, readManifest } from './plugin-manifest.js';

export type PluginSpec = ParsedConfig['plugins'][number];

export interface PluginLoaderOptions {
  /** The config file, named in problems. */
  readonly file: string;
  /** Export conditions used to pick the plugin's entry (default: import, node, default). */
  readonly conditions?: readonly string[];
  /** The core version plugins are checked against (default: the running @settle/core). */
  readonly coreVersion?: string;
  /**
   * Where else to look for a package named in the config, after the config file's folder: the CLI passes the
   * working directory and its own location (so a global `settle` finds globally installed plugins).
   */
  readonly searchDirs?: readonly string[];
}

/**
 * Loads the `plugins:` of a config into the registry. Each spec is an npm package name, resolved as Node would
 * from the config file's folder, then from each of `options.searchDirs`, or a path to a package folder. Returns one problem per plugin that
 * cannot be used, positioned at its entry in the YAML; good plugins are registered even if others fail.
 */
export async function loadPlugins(
  specs: readonly PluginSpec[],
  baseDir: string,
  registry: ComponentRegistry,
  options: PluginLoaderOptions,
): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  for (const spec of specs) {
    const messages = await loadOne(spec.spec, baseDir, registry, options);
    for (const message of messages) {
      problems.push({ file: options.file, line: spec.line, column: spec.column, path: spec.path, message });
    }
  }
  return problems;
}

/** The shape `loadConfigFile({ loadPlugins })` expects, bound to a registry. */
export function pluginLoader(
  registry: ComponentRegistry,
  options: PluginLoaderOptions,
): (specs: readonly PluginSpec[], baseDir: string) => Promise<ConfigProblem[]> {
  return (specs, baseDir) => loadPlugins(specs, baseDir, registry, options);
}

async function loadOne(
  spec: string,
  baseDir: string,
  registry: ComponentRegistry,
  options: PluginLoaderOptions,
): Promise<string[]> {
  const label = `plugin "${spec}"`;
  // Naming a package the binary already bundles (e.g. @settle/exporter-vm) is harmless: nothing to load.
  if (registry.list().some((c) => c.origin.packageName === spec)) return [];
  const dirs = isPathSpec(spec) ? [baseDir] : [...new Set([resolve(baseDir), ...(options.searchDirs ?? [])])];
  let pkg;
  try {
    for (const dir of dirs) if ((pkg = await locatePackage(spec, dir)) !== undefined) break;
  } catch (err) {
    return [`${label}: unreadable package.json (${(err as Error).message})`];
  }
  if (pkg === undefined) {
    return isPathSpec(spec)
      ? [`${label} not found: no package.json in ${spec} (relative to ${baseDir})`]
      : [
          `${label} not found: run "npm install ${spec}" in ${resolve(baseDir)} (the config's folder); searched node_modules upwards from ${dirs.join(', ')}`,
        ];
  }
  const manifest = readManifest(pkg.manifest, spec);
  if (typeof manifest === 'string') return [manifest];
  const incompatible = checkCoreRange(manifest, options.coreVersion ?? coreVersion());
  if (incompatible !== undefined) return [incompatible];

  let mod: { default?: unknown };
  try {
    const entry = packageEntry(pkg, options.conditions ?? DEFAULT_CONDITIONS);
    mod = (await import(pathToFileURL(entry).href)) as { default?: unknown };
  } catch (err) {
    return [explainImportFailure(label, err, pkg.dir, manifest.core)];
  }
  if (mod.default === undefined) {
    return [`${manifest.name} has no default export: export default a definition or a list of definitions`];
  }
  const exported: unknown[] = Array.isArray(mod.default) ? mod.default : [mod.default];
  const bad = exported.findIndex((d) => !isDefinition(d));
  if (bad >= 0) {
    const where = Array.isArray(mod.default) ? `default export [${bad}]` : 'default export';
    return [
      `${manifest.name}: ${where} is not a component definition (make it with defineReceiver/defineProcessor/defineExporter)`,
    ];
  }
  const definitions = exported as ComponentDefinition[];
  const undeclared = checkDeclared(manifest, definitions);
  if (undeclared !== undefined) return [undeclared];

  const problems: string[] = [];
  for (const d of definitions) {
    const existing = registry.get(d.kind, d.type);
    if (existing?.origin.packageName === manifest.name) continue; // listed twice, or already built in
    if (existing !== undefined) {
      problems.push(
        `${manifest.name}: ${d.kind} type "${d.type}" clashes with the one from ${existing.origin.packageName}; remove one of the two plugins`,
      );
      continue;
    }
    registry.register(d, { packageName: manifest.name, packageVersion: manifest.version });
  }
  return problems;
}
