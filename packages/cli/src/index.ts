export { main } from './main.js';
export type { CliIo } from './io.js';
export { createBuiltinRegistry, BUNDLED_PLUGINS } from './registry.js';
export { schemaText } from './commands/schema.js';
