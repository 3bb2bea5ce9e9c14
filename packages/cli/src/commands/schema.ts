import { configJsonSchema, type ComponentRegistry } from '@settle/core';
import { println, type CliIo } from '../io.js';

/** The exact text of `settle schema` (and of the committed config.schema.json). */
export function schemaText(registry: ComponentRegistry): string {
  return JSON.stringify(configJsonSchema(registry), null, 2);
}

export function schemaCommand(registry: ComponentRegistry, io: CliIo): number {
  println(io.stdout, schemaText(registry));
  return 0;
}
