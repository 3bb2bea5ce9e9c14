// Processor helper: the author writes "batch in → batches out"; lifecycle, serial steps, timers, drain,
// refusals and telemetry are the helper's.
export { createProcessor } from './create-processor.js';
export type { ProcessTools, ProcessorOutput, ProcessorSpec, ProcessorTimer } from './types.js';
