// Service runtime: the running pipelines, lifecycle, self-telemetry. Also re-exports the built-in components
// and the plugin loader, which are separate folders but part of the same runtime surface.
export { Service } from './service.js';
export type { ServiceExit, ServiceOptions, ServiceState } from './service.js';
export type { ComponentStatusEntry, HealthReport } from './status-tracker.js';
export type { ListenAddress } from './listen-address.js';
export { parseListenAddress } from './listen-address.js';
export { fanoutConsumer } from './fanout-consumer.js';
export { storageDirectory } from './component-context.js';

export {
  builtinComponents,
  debugExporter,
  encodeBatchLines,
  fileExporter,
  generateMetric,
  generatorReceiver,
} from '../builtin/index.js';
export type { GeneratorConfig } from '../builtin/index.js';

export {
  coreVersion,
  isDefinition,
  isValidRange,
  loadPlugins,
  locatePackage,
  packageEntry,
  pluginLoader,
  satisfies,
} from '../plugins/index.js';
export type { LocatedPackage, PluginLoaderOptions, PluginManifest, PluginSpec } from '../plugins/index.js';
