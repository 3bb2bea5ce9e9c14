import type { ComponentDefinition } from '../component/define.js';
import { debugExporter } from './debug-exporter.js';
import { fileExporter } from './file-exporter.js';
import { generatorReceiver } from './generator-receiver.js';

/** The components @settle/core ships, so a pipeline runs with nothing else installed. */
export const builtinComponents: readonly ComponentDefinition[] = [generatorReceiver, debugExporter, fileExporter];
