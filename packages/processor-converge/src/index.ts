// Public API of @settle/processor-converge: the `converge` processor (default export, a list of definitions
// as plugins are loaded) and the pure engine for benchmarks, tests and embedding.
export { ConvergeEngine } from './engine/engine.js';
export type { EngineOptions, LatePolicy, ResolvedOptions } from './engine/options.js';
export { DEFAULT_OPTIONS } from './engine/options.js';
export { EMIT_REASONS } from './engine/types.js';
export type {
  BucketRef,
  EmitReason,
  Emission,
  EngineStats,
  ObservationColumns,
  Origin,
  SeriesInfo,
} from './engine/types.js';
export { SNAPSHOT_FORMAT } from './engine/snapshot.js';
export type { ConvergeSnapshot, SnapshotSeries, SnapshotWindow } from './engine/snapshot.js';

export { convergeProcessor } from './processor/definition.js';
export { convergeConfig } from './processor/config.js';
export type { ConvergeConfig } from './processor/config.js';
export { ConvergeProcessor, CHECKPOINT_KEY, PASSTHROUGH } from './processor/converge-processor.js';

import { convergeProcessor } from './processor/definition.js';

/** Plugin entry point: the list of component definitions this package provides. */
export default [convergeProcessor];
