// Public API of @settle/processor-toolbox: the filter, attributes, resource, aggregate and metrics_rename
// processors (default export, a list of definitions as plugins are loaded) and their pure compiled forms.
export { filterProcessor } from './filter/definition.js';
export { filterConfig } from './filter/config.js';
export type { FilterConfig, FilterRule } from './filter/config.js';
export { compileFilter } from './filter/compile.js';
export type { FilterResult } from './filter/compile.js';
export { attributesProcessor, resourceProcessor } from './attributes/definition.js';
export { actionsConfig } from './attributes/config.js';
export type { Action, ActionsConfig } from './attributes/config.js';
export { compileActions } from './attributes/apply-actions.js';
export { aggregateProcessor } from './aggregate/definition.js';
export { aggregateConfig } from './aggregate/config.js';
export type { AggregateConfig, GaugeFunction } from './aggregate/config.js';
export { compileAggregate } from './aggregate/aggregate.js';
export { metricsRenameProcessor } from './rename/definition.js';
export { metricsRenameConfig } from './rename/config.js';
export type { MetricsRenameConfig, RenameRule } from './rename/config.js';
export { compileRename, renameBatch } from './rename/rename.js';

import { aggregateProcessor } from './aggregate/definition.js';
import { attributesProcessor, resourceProcessor } from './attributes/definition.js';
import { filterProcessor } from './filter/definition.js';
import { metricsRenameProcessor } from './rename/definition.js';

/** Plugin entry point: the list of component definitions this package provides. */
export default [filterProcessor, attributesProcessor, resourceProcessor, aggregateProcessor, metricsRenameProcessor];
