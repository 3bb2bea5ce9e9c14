export { loadPlugins, pluginLoader } from './load-plugins.js';
export type { PluginLoaderOptions, PluginSpec } from './load-plugins.js';
export { coreVersion } from './core-version.js';
export { DEFAULT_CONDITIONS, locatePackage, packageEntry } from './locate-package.js';
export type { LocatedPackage } from './locate-package.js';
export { isDefinition } from './plugin-manifest.js';
export type { PluginManifest } from './plugin-manifest.js';
export { isValidRange, satisfies } from './semver-range.js';
