export { main } from './main.js';
export type { ScaffoldIo } from './main.js';
export { pluginFiles } from './template.js';
export type { ComponentTemplate } from './template.js';
export { KINDS } from './options.js';
export type { Kind, PluginOptions } from './options.js';
