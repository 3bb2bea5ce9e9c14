import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  SettleError,
  parseConfig,
  resolveConfig,
  type ComponentRegistry,
  type ResolvedConfig,
} from '@settle/core';

/** Lines of demo.yaml ending with this comment belong to the VictoriaMetrics exporter. */
const VM_MARK = /#\s*demo:vm\b/;

/**
 * The demo pipeline shipped in the @settle/cli package (`demo.yaml` at its root; `examples/demo.yaml` in a checkout
 * links to it). Found by walking up from this module to the package's own package.json, the depth differing
 * between sources (src/demo) and the build (dist/src/demo).
 */
export function findDemoConfig(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'demo.yaml');
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new SettleError(
        'demo_config_missing',
        'demo.yaml is missing from this @settle/cli installation (reinstall it: npm i -g @settle/cli), or pass the pipeline with -c FILE',
        { retryable: false },
      );
    }
    dir = parent;
  }
}

/**
 * Loads the demo pipeline with the real config loader. Without VictoriaMetrics, the lines marked `# demo:vm`
 * are blanked (not removed, so line:column in any message still match the file) and the pipeline writes to
 * the file exporter only.
 */
export async function loadDemoConfig(
  file: string,
  registry: ComponentRegistry,
  env: Readonly<Record<string, string | undefined>>,
  withVm: boolean,
): Promise<ResolvedConfig> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SettleError('demo_config_missing', `cannot read ${file}: ${(err as Error).message}`, {
      cause: err,
      retryable: false,
    });
  }
  if (!withVm)
    text = text
      .split('\n')
      .map((line) => (VM_MARK.test(line) ? '' : line))
      .join('\n');
  const { parsed, problems } = parseConfig(text, file, env);
  if (parsed === undefined) throw new ConfigError(problems);
  const resolved = resolveConfig(parsed, registry);
  if (resolved.config === undefined || resolved.problems.length > 0)
    throw new ConfigError([...problems, ...resolved.problems]);
  return resolved.config;
}
