import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinComponents, ComponentRegistry, coreVersion, isDefinition, locatePackage } from '@settle/core';

/** The plugin packages shipped with the CLI; each default-exports a list of definitions. */
export const BUNDLED_PLUGINS = [
  '@settle/receiver-cloudflare',
  '@settle/processor-converge',
  '@settle/processor-toolbox',
  '@settle/exporter-vm',
  '@settle/exporter-otlp',
] as const;

const here = dirname(fileURLToPath(import.meta.url));

async function versionOf(name: string): Promise<string> {
  const pkg = await locatePackage(name, here).catch(() => undefined);
  const v = pkg?.manifest['version'];
  return typeof v === 'string' ? v : '0.0.0';
}

async function importBundled(name: string): Promise<unknown> {
  // Literal specifiers so bundlers and `tsc` see the dependency; the list above is for messages and tests.
  switch (name) {
    case '@settle/receiver-cloudflare':
      return ((await import('@settle/receiver-cloudflare')) as { default?: unknown }).default;
    case '@settle/processor-converge':
      return ((await import('@settle/processor-converge')) as { default?: unknown }).default;
    case '@settle/processor-toolbox':
      return ((await import('@settle/processor-toolbox')) as { default?: unknown }).default;
    case '@settle/exporter-vm':
      return ((await import('@settle/exporter-vm')) as { default?: unknown }).default;
    case '@settle/exporter-otlp':
      return ((await import('@settle/exporter-otlp')) as { default?: unknown }).default;
    default:
      return undefined;
  }
}

/**
 * Core's built-ins plus whatever the bundled plugin packages default-export. A bundled package that exports
 * nothing yet is skipped; one that fails to import is reported through `warn` and skipped, so one broken
 * plugin does not take `validate` or `schema` down with it.
 */
export async function createBuiltinRegistry(warn: (message: string) => void): Promise<ComponentRegistry> {
  const registry = new ComponentRegistry();
  const core = { packageName: '@settle/core', packageVersion: coreVersion() };
  for (const d of builtinComponents) registry.register(d, core);
  for (const name of BUNDLED_PLUGINS) {
    let exported: unknown;
    try {
      exported = await importBundled(name);
    } catch (err) {
      warn(`settle: bundled plugin ${name} failed to load (${(err as Error).message}); its components are unavailable`);
      continue;
    }
    if (exported === undefined) continue;
    const list: unknown[] = Array.isArray(exported) ? exported : [exported];
    const origin = { packageName: name, packageVersion: await versionOf(name) };
    for (const d of list) {
      if (!isDefinition(d)) {
        warn(`settle: bundled plugin ${name} exports something that is not a component definition; skipped`);
        continue;
      }
      registry.register(d, origin);
    }
  }
  return registry;
}
