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

/** examples/demo.yaml of the settle checkout this CLI runs from (found from the module upwards). */
export function findDemoConfig(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'examples', 'demo.yaml');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new SettleError(
        'demo_config_missing',
        'examples/demo.yaml was not found next to this settle installation; pass the pipeline with -c FILE',
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
