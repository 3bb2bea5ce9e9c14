export { createSimulator } from './simulator.js';
export { startSimulatorServer } from './server/http-server.js';
export { acceleratedClock, createVirtualClock } from './clock/clocks.js';
export type { VirtualClock } from './clock/clocks.js';
export { DATASET_NAMES } from './schema/datasets.js';
export type { DatasetName } from './schema/datasets.js';
export { buildSdl } from './schema/sdl.js';
export { SETTLING_MODEL_NAMES, isSettlingModelName } from './model/settling-models.js';
export type { SettlingModelName } from './model/settling-models.js';
export type {
  DatasetLimitsOption,
  DeniedDataset,
  FaultKind,
  SimClock,
  SimStats,
  Simulator,
  SimulatorOptions,
  SimulatorServer,
  SimulatorServerOptions,
  SlowRepliesOption,
  TruthPoint,
} from './types.js';
