import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ComponentRegistry } from '../component/registry.js';
import { parseConfig, type ParsedConfig } from './parse.js';
import { ConfigError, type ConfigProblem } from './problems.js';
import { resolveConfig } from './resolve.js';
import type { ResolvedConfig } from './types.js';

const MIB = 1024 * 1024;
/** A config is a few KiB; a file 1,000 times that is something else (a binary, a log), not worth reading. */
export const MAX_CONFIG_BYTES = 16 * MIB;

export interface LoadConfigOptions {
  readonly registry: ComponentRegistry;
  /** Default: process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Registers the plugins the file names, before validation; returns problems (missing, incompatible). */
  /** `--data-dir`, which wins over `service.data_dir` (components' checks need to know there is one). */
  readonly dataDir?: string;
  readonly loadPlugins?: (plugins: ParsedConfig['plugins'], baseDir: string) => Promise<ConfigProblem[]>;
}

/**
 * Reads, parses, loads plugins and resolves a config file; throws one ConfigError listing every problem. A file
 * that cannot be read is a ConfigError too (line 0, column 0, empty path).
 */
export async function loadConfigFile(file: string, options: LoadConfigOptions): Promise<ResolvedConfig> {
  let text: string;
  try {
    if ((await stat(file)).size > MAX_CONFIG_BYTES) {
      throw new ConfigError([
        { file, line: 0, column: 0, path: '', message: `the config file is larger than ${MAX_CONFIG_BYTES / MIB} MiB` },
      ]);
    }
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new ConfigError([{ file, line: 0, column: 0, path: '', message: `cannot read the config file: ${reason}` }], {
      cause: err,
    });
  }
  const { parsed, problems } = parseConfig(text, file, options.env ?? process.env);
  if (parsed === undefined) throw new ConfigError(problems);
  if (options.loadPlugins !== undefined && parsed.plugins.length > 0) {
    problems.push(...(await options.loadPlugins(parsed.plugins, dirname(file))));
  }
  const resolved = resolveConfig(
    parsed,
    options.registry,
    options.dataDir === undefined ? {} : { dataDir: options.dataDir },
  );
  // Not push(...list): 200,000 problems would be 200,000 arguments, past the stack.
  const all = problems.concat(resolved.problems);
  if (all.length > 0 || resolved.config === undefined) throw new ConfigError(all);
  return resolved.config;
}
