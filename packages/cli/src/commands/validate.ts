import { escapeControl, type ComponentRegistry } from '@settle/core';
import { println, type CliIo } from '../io.js';
import { countComponents, loadConfig } from './load.js';

/** `settle validate -c FILE`: OK line on stdout, or every problem on stderr (via the caller's error path). */
export async function validateCommand(
  file: string,
  registry: ComponentRegistry,
  io: CliIo,
  dataDirFlag?: string,
): Promise<number> {
  const config = await loadConfig(file, registry, io, dataDirFlag);
  const pipelines = config.pipelines.length;
  const components = countComponents(config);
  println(
    io.stdout,
    `OK: ${escapeControl(file)} (${pipelines} pipeline${pipelines === 1 ? '' : 's'}, ${components} component${components === 1 ? '' : 's'})`,
  );
  return 0;
}
