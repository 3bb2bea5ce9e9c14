import { ConfigError, configJsonSchema, type ComponentRegistry } from '@settle/core';
import { println, type CliIo } from '../io.js';
import { loadConfig } from './load.js';

/** The exact text of `settle schema` (and of the committed config.schema.json). */
export function schemaText(registry: ComponentRegistry): string {
  return JSON.stringify(configJsonSchema(registry), null, 2);
}

/**
 * `settle schema [-c FILE]`: with a config, its plugins' components are in the schema too. A schema is for
 * editing a config that may not be valid yet, so only problems that keep plugins out (not found, unreadable
 * file, broken YAML) stop it; the rest of the config's problems are `settle validate`'s business.
 */
export async function schemaCommand(registry: ComponentRegistry, io: CliIo, file?: string): Promise<number> {
  if (file !== undefined) {
    try {
      await loadConfig(file, registry, io);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      const blocking = err.problems.filter((p) => p.path === '' || p.path.startsWith('plugins'));
      if (blocking.length > 0) throw new ConfigError(blocking);
    }
  }
  println(io.stdout, schemaText(registry));
  return 0;
}
