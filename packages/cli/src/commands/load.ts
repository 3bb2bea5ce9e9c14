import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigFile, pluginLoader, type ComponentRegistry, type ResolvedConfig } from '@settle/core';
import type { CliIo } from '../io.js';

/**
 * Where a plugin named in a config is looked for after the config file's folder: the working directory, then
 * the CLI's own location (walking up from it reaches the global node_modules of `npm i -g` installs).
 */
export function pluginSearchDirs(): string[] {
  return [process.cwd(), dirname(fileURLToPath(import.meta.url))];
}

/** Reads, validates and resolves a config file, loading the plugins it names into `registry` first. */
export function loadConfig(
  file: string,
  registry: ComponentRegistry,
  io: CliIo,
  dataDirFlag?: string,
): Promise<ResolvedConfig> {
  return loadConfigFile(file, {
    registry,
    env: io.env,
    loadPlugins: pluginLoader(registry, { file, searchDirs: pluginSearchDirs() }),
    ...(dataDirFlag === undefined ? {} : { dataDir: resolve(dataDirFlag) }),
  });
}

/** `--data-dir` is relative to the working directory; `service.data_dir` to the config file's folder. */
export function effectiveDataDir(config: ResolvedConfig, flag: string | undefined): string | undefined {
  if (flag !== undefined) return resolve(flag);
  if (config.service.dataDir !== undefined) return resolve(dirname(config.file), config.service.dataDir);
  return undefined;
}

/** How many distinct components the pipelines use (a processor shared by pipelines counts once). */
export function countComponents(config: ResolvedConfig): number {
  return new Set([...config.graph.nodes.values()].map((n) => `${n.kind}:${n.componentId}`)).size;
}
