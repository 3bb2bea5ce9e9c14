import { COMPONENT_TYPE_PATTERN, type ComponentDefinition } from '../component/define.js';
import { isValidRange, satisfies } from './semver-range.js';

/** What a plugin's package.json must declare: `"keywords": ["settle-plugin"]`, `"settle": { components, core }`. */
export interface PluginManifest {
  readonly name: string;
  readonly version: string;
  readonly components: readonly string[];
  readonly core: string;
}

/** Reads the manifest fields; returns a sentence saying what is missing when it is not a settle plugin. */
export function readManifest(raw: Readonly<Record<string, unknown>>, where: string): PluginManifest | string {
  const name = typeof raw['name'] === 'string' ? raw['name'] : where;
  const version = typeof raw['version'] === 'string' ? raw['version'] : '0.0.0';
  const keywords = raw['keywords'];
  if (!Array.isArray(keywords) || !keywords.includes('settle-plugin')) {
    return `${name} is not a settle plugin: its package.json lacks the keyword "settle-plugin"`;
  }
  const settle = raw['settle'] as { components?: unknown; core?: unknown } | undefined;
  const components = settle?.components;
  if (!Array.isArray(components) || !components.every((c): c is string => typeof c === 'string')) {
    return `${name}: package.json needs "settle": { "components": ["<type>", ...] } listing the component types it provides`;
  }
  if (typeof settle?.core !== 'string' || settle.core.trim() === '') {
    return `${name}: package.json needs "settle": { "core": "<semver range>" }, the @settle/core versions it supports`;
  }
  return { name, version, components, core: settle.core };
}

/** Explains why the running core does not suit the plugin, or undefined when it does. */
export function checkCoreRange(manifest: PluginManifest, runningCore: string): string | undefined {
  if (!isValidRange(manifest.core)) {
    return `${manifest.name} declares an unreadable core range "${manifest.core}" in package.json settle.core`;
  }
  if (!satisfies(runningCore, manifest.core)) {
    return `${manifest.name}@${manifest.version} needs @settle/core ${manifest.core}, but this is @settle/core ${runningCore}`;
  }
  return undefined;
}

/** Structural check: plugins bring their own copy of core, so `instanceof`-style checks would not work. */
export function isDefinition(value: unknown): value is ComponentDefinition {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const config = v['config'] as { safeParse?: unknown } | undefined;
  return (
    (v['kind'] === 'receiver' || v['kind'] === 'processor' || v['kind'] === 'exporter') &&
    typeof v['type'] === 'string' &&
    COMPONENT_TYPE_PATTERN.test(v['type']) &&
    typeof v['create'] === 'function' &&
    typeof config?.safeParse === 'function'
  );
}

/** Declared (package.json) vs exported types: every exported type must be declared and vice versa. */
export function checkDeclared(
  manifest: PluginManifest,
  definitions: readonly ComponentDefinition[],
): string | undefined {
  const exported = new Set(definitions.map((d) => d.type));
  const declared = new Set(manifest.components);
  const undeclared = [...exported].filter((t) => !declared.has(t));
  const missing = [...declared].filter((t) => !exported.has(t));
  if (undeclared.length > 0) {
    return `${manifest.name} exports ${undeclared.map((t) => `"${t}"`).join(', ')} not listed in package.json settle.components`;
  }
  if (missing.length > 0) {
    return `${manifest.name} lists ${missing.map((t) => `"${t}"`).join(', ')} in settle.components but does not export it`;
  }
  return undefined;
}
