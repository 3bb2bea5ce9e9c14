// Public API of @settle/processor-converge: the `converge` processor (default export, a list of definitions
// as plugins are loaded) and the pure engine for benchmarks, tests and embedding.
export { ConvergeEngine } from './engine/engine.js';
export type { EngineOptions, LatePolicy, LearningOptions, ResolvedOptions } from './engine/options.js';
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
export { SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_JSON } from './engine/snapshot.js';
export type { History, HistoryRun } from './engine/history.js';
export { BYTES_PER_HISTORY, RUNS_PER_HISTORY } from './engine/history.js';
export type { RuleChange } from './engine/learning.js';
export type { Quantiles, SourceMeasurement } from './engine/measurements.js';
export type { PushRule } from './engine/push-rule.js';
export { COLD_RULE, describeRule } from './engine/push-rule.js';
export type { RuleChoice, RuleEvidence } from './engine/rule-learner.js';
export { candidates, chooseRule } from './engine/rule-learner.js';
export { fireAge, sampleOf, scoreRule } from './engine/counterfactual.js';
export { wilsonLower } from './engine/confidence.js';
export type {
  BinaryHeader,
  BinarySeries,
  ConvergeSnapshot,
  SnapshotSeries,
  SnapshotWindow,
} from './engine/snapshot.js';

export { convergeProcessor } from './processor/definition.js';
export { convergeConfig } from './processor/config.js';
export type { ConvergeConfig } from './processor/config.js';
export { createConvergeProcessor } from './processor/converge-processor.js';
export { CHECKPOINT_KEY } from './processor/checkpoint.js';
export { PASSTHROUGH } from './processor/engine-steps.js';

import { convergeProcessor } from './processor/definition.js';

/** Plugin entry point: the list of component definitions this package provides. */
export default [convergeProcessor];
